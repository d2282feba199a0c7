import Foundation

/// Checks a PEM file named by a TLS flag before any TLS library sees it, so a wrong file gets a sentence that says
/// which flag and what is wrong instead of a raw library error.
enum PEMFile {
    /// What the file must hold.
    enum Content: String {
        case certificates = "CERTIFICATE"
        case privateKey = "PRIVATE KEY"
    }

    /// Reads `path` and checks that it holds a PEM block of `content`.
    ///
    /// - Throws: ``CommandFailure`` with exit 66 when the file cannot be read, 65 when it holds no such block.
    static func check(_ path: String, holds content: Content, for flag: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw CommandFailure.cannotRead(path, because: "\(reason) (\(flag))")
        }
        let text = String(decoding: data, as: UTF8.self)
        // "-----BEGIN CERTIFICATE-----", or for keys "-----BEGIN PRIVATE KEY-----", "…RSA PRIVATE KEY-----", "…EC …".
        let holds = text.components(separatedBy: "-----BEGIN ").dropFirst().contains { block in
            guard let end = block.range(of: "-----") else { return false }
            return block[..<end.lowerBound].hasSuffix(content.rawValue)
        }
        guard holds else {
            throw CommandFailure(
                description:
                    "\(path) (\(flag)) holds no PEM \(content == .certificates ? "certificate" : "private key") "
                    + "(a '-----BEGIN \(content.rawValue)-----' block)",
                exitCode: ExitCodes.dataError)
        }
    }
}
