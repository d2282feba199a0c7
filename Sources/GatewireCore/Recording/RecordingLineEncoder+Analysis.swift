/// The analysis a message line carries (its route resolution and findings), written directly into the line.
///
/// These are on nearly every line the proxy records, and `JSONEncoder` took a fifth of the proxy's CPU writing
/// them. The keys are added in the order `JSONEncoder`'s `.sortedKeys` writes them, and `nil` optionals are left
/// out as it leaves them out, so the bytes are the same (RecordingLineEncoderTests compares them).
extension RecordingLineEncoder.Fields {
    /// Appends `key` with a route resolution as a JSON object.
    mutating func addResolution(_ key: StaticString, _ resolution: RouteResolution) {
        addKey(key)
        RecordingLineEncoder.appendResolution(resolution, to: &bytes)
    }

    /// Appends `key` with a route resolution, copying the bytes `cache` holds when it is the one encoded last.
    mutating func addResolution(
        _ key: StaticString, _ resolution: RouteResolution, reusing cache: inout EncodedResolutionCache
    ) {
        addKey(key)
        cache.append(resolution, to: &bytes)
    }

    /// Appends `key` with findings as a JSON array of objects.
    mutating func addFindings(_ key: StaticString, _ findings: [Finding]) {
        addArray(key, findings) { finding, bytes in
            RecordingLineEncoder.appendObject(to: &bytes) { object in
                object.addString("code", finding.code)
                if let connections = finding.connections {
                    object.addArray("connections", connections) { connection, bytes in
                        RecordingLineEncoder.appendString(connection, to: &bytes)
                    }
                }
                object.addString("decoded", ifPresent: finding.decoded)
                object.addString("fix", ifPresent: finding.fix)
                object.addString("message", finding.message)
                object.addString("parameter", ifPresent: finding.parameter)
                object.addString("raw", ifPresent: finding.raw)
                object.addString("severity", finding.severity.rawValue)
            }
        }
    }

    /// Appends `key` with a string.
    mutating func addString(_ key: StaticString, _ string: String) {
        addKey(key)
        RecordingLineEncoder.appendString(string, to: &bytes)
    }

    /// Appends `key` with a string unless it is `nil`.
    mutating func addString(_ key: StaticString, ifPresent string: String?) {
        guard let string else { return }
        addString(key, string)
    }

    /// Appends `key` with `true` or `false`.
    mutating func addBool(_ key: StaticString, _ flag: Bool) {
        addKey(key)
        bytes.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
    }

    /// Appends `key` with a number unless it is `nil`.
    mutating func addInteger(_ key: StaticString, ifPresent number: UInt16?) {
        guard let number else { return }
        addKey(key)
        RecordingLineEncoder.appendInteger(Int(number), to: &bytes)
    }
}

extension RecordingLineEncoder {
    /// Appends a route resolution as a JSON object.
    static func appendResolution(_ resolution: RouteResolution, to bytes: inout [UInt8]) {
        appendObject(to: &bytes) { fields in
            fields.addInteger("closeCode", ifPresent: resolution.closeCode)
            fields.addString("explanation", resolution.explanation)
            fields.addString("expression", resolution.expression)
            fields.addBool("expressionAssumed", resolution.expressionAssumed)
            fields.addArray("hints", resolution.hints) { hint, bytes in
                RecordingLineEncoder.appendObject(to: &bytes) { object in
                    object.addString("kind", hint.kind.rawValue)
                    object.addString("message", hint.message)
                    object.addString("routeKey", hint.routeKey)
                }
            }
            fields.addString("outcome", resolution.outcome.rawValue)
            fields.addString("reason", resolution.reason.rawValue)
            fields.addString("reply", ifPresent: resolution.reply)
            fields.addString("routeKey", ifPresent: resolution.routeKey)
            fields.addString("value", ifPresent: resolution.value)
        }
    }
}
