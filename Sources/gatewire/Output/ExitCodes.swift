import ArgumentParser
import GatewireCapture
import GatewireCore

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
/// | 73 | an output file that cannot be created: it exists (nothing is overwritten) or its folder does not (`EX_CANTCREAT`) |
/// | 74 | an output that failed while writing, such as a recording on a full disk (`EX_IOERR`) |
enum ExitCodes {
    static let success = ExitCode(0)
    static let findings = ExitCode(1)
    static let usage = ExitCode.validationFailure
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let software = ExitCode(70)
    static let cannotCreate = ExitCode(73)
    static let ioError = ExitCode(74)

    /// The one place that maps an error to an exit code.
    static func code(for error: any Error) -> ExitCode {
        switch error {
        case let failure as CommandFailure: failure.exitCode
        case is RouteConfigError, is ConnectURLError, is RouteSelectionExpressionError: dataError
        case is HARError, is RecordingError: dataError
        case let capture as CaptureError:
            switch capture.code {
            case "cannot-open-file": noInput
            case "permission-denied", "no-such-interface", "cannot-open-interface": unavailable
            case "bad-filter": usage
            default: dataError
            }
        default: software
        }
    }

    /// Runs a command body; errors other than exit codes and usage errors are printed as
    /// `gatewire: error: …` on standard error and become their exit code, so that 1 keeps meaning "findings".
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            Terminal.printError("gatewire: error: \(error)")
            throw code(for: error)
        }
    }

    /// The `async` form of ``run(_:)``.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            Terminal.printError("gatewire: error: \(error)")
            throw code(for: error)
        }
    }
}

/// A failure the command itself diagnosed, with the exit code it deserves.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    var exitCode: ExitCode

    /// A listening socket that could not be opened (a port in use, a privileged port), with the plain reason.
    static func cannotListen(host: String, port: Int, because error: any Error) -> CommandFailure {
        CommandFailure(
            description: "cannot listen on \(host):\(port): \(SocketErrorReason.reason(error))",
            exitCode: ExitCodes.unavailable)
    }

    /// A file that could not be opened or read.
    static func cannotRead(_ path: String, because reason: String) -> CommandFailure {
        CommandFailure(description: "cannot read \(path): \(reason)", exitCode: ExitCodes.noInput)
    }
}
