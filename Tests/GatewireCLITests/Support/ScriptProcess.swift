import Foundation
import GatewireTestSupport

/// Runs one of the repository's scripts to completion, with no signals blocked (through
/// `scripts/with-default-signals`, since the test runner's blocked-signal mask would pass to the script's children).
enum ScriptProcess {
    /// Runs `arguments` (a script and its arguments, relative to the repository root) and waits for it, killing it
    /// after `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double = 60) async throws -> ChildProcess.Result {
        let root = GatewireProcess.repositoryRoot
        return try await ChildProcess.run(
            root.appendingPathComponent("scripts/with-default-signals"), arguments, currentDirectory: root,
            timeout: .seconds(timeout))
    }
}
