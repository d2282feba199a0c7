import ArgumentParser

/// The exit codes every `gatewire` command uses, so scripts can tell findings from mistakes.
///
/// | code | meaning |
/// |---|---|
/// | 0 | success, nothing found at or above the reporting threshold |
/// | 1 | the command ran and found problems (findings, unmatched routes, a replay that differs) |
/// | 64 | usage error: bad flags or arguments (ArgumentParser's own validation exit code, `EX_USAGE`) |
/// | 65 | bad input data: a file or URL that cannot be read as what it claims to be (`EX_DATAERR`) |
/// | 66 | an input file that cannot be opened (`EX_NOINPUT`) |
/// | 69 | a peer or service is unavailable (`EX_UNAVAILABLE`) |
/// | 70 | an internal error (`EX_SOFTWARE`) |
enum ExitCodes {
    static let success = ExitCode(0)
    static let findings = ExitCode(1)
    static let usage = ExitCode.validationFailure
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let software = ExitCode(70)
}
