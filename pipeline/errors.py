"""Named errors. The CLI turns each into one line and a non-zero exit code."""


class PipelineError(Exception):
    """Base class: a problem the user can fix; its message says how.

    Raised with ``key`` (and its facts), the message is a text of ``pipeline.strings``:
    ``shown(language)`` gives it in the user's language for the terminal, and ``str()``
    is the English one, for the log. Raised with a plain message, both are that message.
    """

    def __init__(self, message: str = "", *, key: str = "", **facts: object):
        self.key, self.facts = key, facts
        super().__init__(message or (self._text("en") if key else ""))

    def _text(self, language: str) -> str:
        from pipeline.strings import Texts  # errors sit below every module, strings included

        return Texts(language)(self.key, **self.facts)

    def shown(self, language: str) -> str:
        """The message in ``language``: what the terminal prints."""
        return self._text(language) if self.key else str(self)


class ConfigError(PipelineError):
    """``pipeline.toml`` is invalid."""


class WorkspaceError(PipelineError):
    """The folder is not a workspace, or cannot be made one."""


class PlanError(PipelineError):
    """``plan.xlsx`` is invalid. ``problems`` lists every problem found, with its cell."""

    def __init__(self, message: str = "", problems: list | None = None, **keyed: object):
        super().__init__(message, **keyed)
        self.problems = problems or []


class NoDataError(PipelineError):
    """There is nothing to report yet."""


class WorkerUnavailable(PipelineError):
    """The isolated worker process cannot be started: the server's fault, not any file's.

    Intake stops the pass instead of rejecting good files; they wait in ``state/work``.
    """


class FileProblem(Exception):
    """The file as a whole cannot be taken: ``code`` is a validation code, ``value`` a fact."""

    def __init__(self, code: str, value: object = ""):
        super().__init__(code, value)
        self.code = code
        self.value = value
