"""Long work queued with its progress: one job row per request, run by a django-tasks worker.

Higher apps register what a kind of job does (``registry.job_kind_register``) in their
``AppConfig.ready()``; this app stores the job, runs the handler in the worker, writes its
progress in batches, keeps the result file for the requester for a day and serves it to them
only. It imports ``lms.core`` and nothing above it.
"""
