import Foundation

/// The page's three files, read once from the module's resources (`Resources/`): no CDN, no framework, no build
/// step, so the view works offline and shows exactly what ships.
struct WebViewAssets: Sendable {
    /// One file and its media type.
    struct Asset: Sendable {
        var contentType: String
        var bytes: [UInt8]
    }

    /// The files by request path.
    let files: [String: Asset]

    /// Reads the resources.
    ///
    /// - Throws: `CocoaError` when a resource is missing from the installed bundle.
    init() throws {
        func load(_ name: String, _ type: String) throws -> Asset {
            guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources") else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Resources/\(name)"])
            }
            return Asset(contentType: type, bytes: [UInt8](try Data(contentsOf: url)))
        }
        let page = try load("index.html", "text/html; charset=utf-8")
        files = [
            "/": page,
            "/index.html": page,
            "/assets/app.js": try load("app.js", "text/javascript; charset=utf-8"),
            "/assets/app.css": try load("app.css", "text/css; charset=utf-8"),
        ]
    }
}
