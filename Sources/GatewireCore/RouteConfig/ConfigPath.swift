/// The location of a node inside a configuration document, written the way a user searches for it:
/// `Resources.SendRoute.Properties.RouteKey` or `functions.chat.events[2].websocket.route`.
struct ConfigPath: CustomStringConvertible, Hashable, Sendable {
    /// One step of the path.
    enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// The steps from the document root.
    var components: [Component] = []

    /// The document root.
    static let root = ConfigPath()

    /// Creates a path from mapping keys.
    init(_ keys: String...) {
        components = keys.map(Component.key)
    }

    /// The path of a mapping entry below this one.
    func appending(_ key: String) -> ConfigPath {
        var path = self
        path.components.append(.key(key))
        return path
    }

    /// The path of a list element below this one (shown 0-based, as JSON pointers and jq do).
    func appending(index: Int) -> ConfigPath {
        var path = self
        path.components.append(.index(index))
        return path
    }

    /// Dotted keys with `[n]` indexes; the root prints as `(top level)`.
    var description: String {
        if components.isEmpty { return "(top level)" }
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }
}
