"""Named errors. The CLI turns each into one line and a non-zero exit code."""


class PipelineError(Exception):
    """Base class: a problem the user can fix; its message says how."""


class ConfigError(PipelineError):
    """``pipeline.toml`` is invalid."""


class WorkspaceError(PipelineError):
    """The folder is not a workspace, or cannot be made one."""


class PlanError(PipelineError):
    """``plan.xlsx`` is invalid. ``problems`` lists every problem found, with its cell."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class NoDataError(PipelineError):
    """There is nothing to report yet."""


class WorkerUnavailable(PipelineError):
    """The isolated worker process cannot be started: the server's fault, not any file's.

    Intake stops the pass instead of rejecting good files; they wait in ``state/work``.
    """
