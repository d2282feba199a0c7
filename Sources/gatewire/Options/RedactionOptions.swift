import ArgumentParser
import GatewireCore

/// `--redact-param` and `--no-redact`, shared by every command that shows, records or exports events.
struct RedactionOptions: ParsableArguments {
    @Option(
        name: .customLong("redact-param"),
        help: ArgumentHelp(
            "Also redact this $connect query parameter's value (repeatable). Credential headers, SigV4 and "
                + "token-like parameters and subprotocol tokens are always redacted.", valueName: "name"))
    var parameters: [String] = []

    @Flag(
        name: .customLong("no-redact"),
        help: "Keep credentials (Authorization, cookies, API keys, tokens, signatures) as sent. Prints a warning.")
    var keepsSecrets = false

    /// The redactor for these flags, or `nil` with `--no-redact` (after warning on standard error).
    func redactor() -> EventRedactor? {
        guard !keepsSecrets else {
            Terminal.printError(
                "gatewire: WARNING: --no-redact: credentials (Authorization, cookies, API keys, tokens, signatures) "
                    + "are shown, recorded and exported as sent.")
            return nil
        }
        return EventRedactor(policy: RedactionPolicy(extraParameters: parameters))
    }
}
