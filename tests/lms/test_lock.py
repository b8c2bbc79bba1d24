"""The lock is the install: every dependency declared in pyproject.toml is pinned with hashes
in requirements/test.txt, and what this environment runs is exactly what the lock says."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

BASE_DIR = Path(__file__).resolve().parents[2]


def _locked(path):
    text = (BASE_DIR / path).read_text()
    pins = dict(re.findall(r"(?m)^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text))
    return {canonicalize_name(name): version for name, version in pins.items()}, text


def test_every_declared_dependency_is_pinned_with_hashes():
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    declared = [
        *project["dependencies"],
        *project["optional-dependencies"]["test"],
    ]
    pins, text = _locked("requirements/test.txt")
    missing = [r for r in declared if canonicalize_name(Requirement(r).name) not in pins]
    assert missing == []
    for requirement in map(Requirement, declared):
        version = pins[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), requirement
    blocks = re.split(r"(?m)^(?=[A-Za-z0-9_.\-]+==)", text)[1:]
    assert all("--hash=sha256:" in block for block in blocks)


def test_this_environment_runs_the_locked_versions():
    pins, _ = _locked("requirements/test.txt")
    drift = {}
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            drift[name] = (version, None)
            continue
        if Version(installed) != Version(version):
            drift[name] = (version, installed)
    assert drift == {}
