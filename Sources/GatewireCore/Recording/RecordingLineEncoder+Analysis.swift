/// The analysis a message line carries (its route resolution and findings), written directly into the line.
///
/// These are on nearly every line the proxy records, and `JSONEncoder` took a fifth of the proxy's CPU writing
/// them. The keys are added in the order `JSONEncoder`'s `.sortedKeys` writes them, and `nil` optionals are left
/// out as it leaves them out, so the bytes are the same (RecordingLineEncoderTests compares them).
extension RecordingLineEncoder.Fields {
    /// Appends `key` with a route resolution as a JSON object.
    mutating func addResolution(_ key: String, _ resolution: RouteResolution) {
        addObject(key) { fields in
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

    /// Appends `key` with findings as a JSON array of objects.
    mutating func addFindings(_ key: String, _ findings: [Finding]) {
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
    mutating func addString(_ key: String, _ string: String) {
        addKey(key)
        RecordingLineEncoder.appendString(string, to: &bytes)
    }

    /// Appends `key` with a string unless it is `nil`.
    mutating func addString(_ key: String, ifPresent string: String?) {
        guard let string else { return }
        addString(key, string)
    }

    /// Appends `key` with `true` or `false`.
    mutating func addBool(_ key: String, _ flag: Bool) {
        addKey(key)
        bytes.append(contentsOf: flag ? Self.trueBytes : Self.falseBytes)
    }

    /// Appends `key` with a number unless it is `nil`.
    mutating func addInteger(_ key: String, ifPresent number: UInt16?) {
        guard let number else { return }
        addKey(key)
        RecordingLineEncoder.appendInteger(Int(number), to: &bytes)
    }
}
