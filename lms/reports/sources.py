"""The other apps' models the reports aggregate, resolved through the app registry.

The reports are built on four apps (teams, courses, attendance, certificates). Resolving their
models here, by name, keeps the field names the reports rely on in one place and lets the
coverage figures that only need the teams registry work on a deployment where an app is
switched off.
"""

from django.apps import apps

ATTENDED_STATUSES = ("present", "late")
CERTIFICATE_VALID = "valid"


def _model(app_label, name):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def course_model():
    return _model("courses", "CoursePage")


def topic_model():
    return _model("courses", "Topic")


def enrolment_model():
    return _model("courses", "Enrolment")


def completion_model():
    return _model("courses", "CourseCompletion")


def session_model():
    return _model("attendance", "TrainingSession")


def attendance_model():
    return _model("attendance", "Attendance")


def certificate_model():
    return _model("certificates", "Certificate")
