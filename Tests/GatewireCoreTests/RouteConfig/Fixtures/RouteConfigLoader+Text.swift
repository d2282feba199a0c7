import Foundation
import GatewireCore

extension RouteConfigLoader {
    /// Loads a fixture given as text, the way the command line loads a file's bytes.
    static func load(
        text: String, fileName: String, format: RouteConfigFormat? = nil
    ) throws(RouteConfigError) -> [RouteConfiguration] {
        try load(Data(text.utf8), fileName: fileName, format: format)
    }
}
