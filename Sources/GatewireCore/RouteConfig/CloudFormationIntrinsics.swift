import Foundation

/// Evaluates the CloudFormation intrinsic functions that can be evaluated without deploying, so that a
/// `RouteKey: !Sub "${Prefix}send"` with a parameter default reads as `chatsend`.
///
/// Only what a template alone determines is resolved: `Ref` to a parameter with a `Default`, `Fn::Sub`,
/// `Fn::Join`, `Fn::Select`, `Fn::Split` and `Fn::FindInMap` over such values. Everything else (`Fn::GetAtt`,
/// `Fn::ImportValue`, `Fn::If`, pseudo parameters such as `AWS::StackName`) is known only at deploy time, so it is
/// kept as readable short-form text (`!ImportValue ChatRoute`) and the result says it is incomplete.
struct CloudFormationIntrinsics {
    /// A value as far as the template determines it.
    struct Text: Hashable {
        /// The resolved text, with unresolved parts written in short form or as `${Name}`.
        var text: String
        /// Whether every part was resolved.
        var isComplete: Bool
    }

    /// Nested intrinsics deeper than this are rendered, not evaluated, so a self-referencing template cannot loop.
    static let maxDepth = 32

    /// The template's `Parameters` section, by name.
    let parameters: [String: ConfigNode]
    /// The template's `Mappings` section.
    let mappings: ConfigNode?
    /// The file name, for errors.
    let fileName: String

    /// Reads the sections intrinsics refer to from a template root.
    init(template root: ConfigNode, fileName: String) {
        var parameters: [String: ConfigNode] = [:]
        for (name, parameter) in root["Parameters"]?.entries ?? [] where parameters[name] == nil {
            parameters[name] = parameter
        }
        self.parameters = parameters
        self.mappings = root["Mappings"]
        self.fileName = fileName
    }

    /// Whether a mapping node is an intrinsic function call (one key: `Ref`, `Condition` or `Fn::…`).
    static func function(of node: ConfigNode) -> (name: String, argument: ConfigNode)? {
        guard let entries = node.entries, entries.count == 1 else { return nil }
        let (name, argument) = entries[0]
        guard name == "Ref" || name == "Condition" || name.hasPrefix("Fn::") else { return nil }
        return (name, argument)
    }

    /// The text of a string-valued property.
    ///
    /// - Throws: `RouteConfigError` when the node is a list, null or a plain mapping, naming `path`.
    func text(of node: ConfigNode, at path: ConfigPath) throws(RouteConfigError) -> Text {
        try text(of: node, at: path, depth: 0)
    }

    private func text(of node: ConfigNode, at path: ConfigPath, depth: Int) throws(RouteConfigError) -> Text {
        if let text = node.scalarText { return Text(text: text, isComplete: true) }
        guard let (name, argument) = Self.function(of: node) else {
            throw RouteConfigError.wrongType(fileName, at: path, expected: "a string", found: node)
        }
        guard depth < Self.maxDepth else { return Text(text: Self.render(node), isComplete: false) }
        let argumentPath = path.appending(name)
        switch name {
        case "Ref":
            return reference(argument)
        case "Fn::Sub":
            return try substitute(argument, at: argumentPath, depth: depth)
        case "Fn::Join":
            return try join(argument, at: argumentPath, depth: depth)
                ?? Text(text: Self.render(node), isComplete: false)
        case "Fn::Select":
            return try select(argument, at: argumentPath, depth: depth)
                ?? Text(text: Self.render(node), isComplete: false)
        case "Fn::FindInMap":
            return try findInMap(argument, at: argumentPath, depth: depth)
                ?? Text(text: Self.render(node), isComplete: false)
        default:
            return Text(text: Self.render(node), isComplete: false)
        }
    }

    /// `Ref` to a parameter with a `Default` gives the default; pseudo parameters and resources stay unresolved.
    private func reference(_ argument: ConfigNode) -> Text {
        guard let name = argument.scalarText else {
            return Text(text: "!Ref " + Self.render(argument), isComplete: false)
        }
        if let defaultValue = parameters[name]?["Default"]?.scalarText {
            return Text(text: defaultValue, isComplete: true)
        }
        return Text(text: "!Ref \(name)", isComplete: false)
    }

    /// `Fn::Sub`: `${Name}` from the variable map or a parameter default, `${!Literal}` written as `${Literal}`;
    /// anything else (`${AWS::Region}`, `${Fn.Arn}`) stays as written.
    private func substitute(_ argument: ConfigNode, at path: ConfigPath, depth: Int) throws(RouteConfigError) -> Text {
        let template: ConfigNode
        var variables: [(key: String, value: ConfigNode)] = []
        if let elements = argument.elements {
            guard elements.count == 2, let map = elements[1].entries else {
                throw RouteConfigError.content(
                    fileName, at: path, "expected a string or a list of a string and a mapping of variables"
                )
            }
            template = elements[0]
            variables = map
        } else {
            template = argument
        }
        guard let source = template.scalarText else {
            throw RouteConfigError.wrongType(fileName, at: path, expected: "a string", found: template)
        }
        var output = ""
        var isComplete = true
        var rest = Substring(source)
        while let open = rest.range(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                output += rest[open.lowerBound...]
                rest = ""
                break
            }
            let name = String(rest[open.upperBound..<close])
            rest = rest[rest.index(after: close)...]
            if name.hasPrefix("!") {
                // `${!Literal}` is CloudFormation's escape for a literal `${Literal}`.
                output += "${" + name.dropFirst() + "}"
            } else if let variable = variables.first(where: { $0.key == name })?.value {
                let value = try text(of: variable, at: path.appending(index: 1).appending(name), depth: depth + 1)
                output += value.text
                isComplete = isComplete && value.isComplete
            } else if let defaultValue = parameters[name]?["Default"]?.scalarText {
                output += defaultValue
            } else {
                output += "${\(name)}"
                isComplete = false
            }
        }
        output += rest
        return Text(text: output, isComplete: isComplete)
    }

    /// `Fn::Join: [separator, [parts…]]`, or `nil` when the parts are not a literal list.
    private func join(_ argument: ConfigNode, at path: ConfigPath, depth: Int) throws(RouteConfigError) -> Text? {
        guard let elements = argument.elements, elements.count == 2, let separator = elements[0].scalarText
        else {
            throw RouteConfigError.content(fileName, at: path, "expected a list of a separator and a list of values")
        }
        guard let parts = try list(elements[1], at: path.appending(index: 1), depth: depth) else { return nil }
        var texts: [String] = []
        var isComplete = true
        for (offset, part) in parts.enumerated() {
            let value = try text(of: part, at: path.appending(index: 1).appending(index: offset), depth: depth + 1)
            texts.append(value.text)
            isComplete = isComplete && value.isComplete
        }
        return Text(text: texts.joined(separator: separator), isComplete: isComplete)
    }

    /// `Fn::Select: [index, list]`, or `nil` when the index or list is known only at deploy time.
    private func select(_ argument: ConfigNode, at path: ConfigPath, depth: Int) throws(RouteConfigError) -> Text? {
        guard let elements = argument.elements, elements.count == 2 else {
            throw RouteConfigError.content(fileName, at: path, "expected a list of an index and a list of values")
        }
        let index = try text(of: elements[0], at: path.appending(index: 0), depth: depth + 1)
        guard index.isComplete, let position = Int(index.text),
            let values = try list(elements[1], at: path.appending(index: 1), depth: depth)
        else { return nil }
        guard values.indices.contains(position) else {
            throw RouteConfigError.content(
                fileName, at: path, "index \(position) is outside the list of \(values.count) values"
            )
        }
        return try text(of: values[position], at: path.appending(index: 1).appending(index: position), depth: depth + 1)
    }

    /// `Fn::FindInMap: [MapName, TopLevelKey, SecondLevelKey]`, or `nil` when a key is known only at deploy time.
    private func findInMap(_ argument: ConfigNode, at path: ConfigPath, depth: Int) throws(RouteConfigError) -> Text? {
        guard let elements = argument.elements, elements.count >= 3 else {
            throw RouteConfigError.content(fileName, at: path, "expected a list of a map name and two keys")
        }
        var keys: [String] = []
        for offset in 0..<3 {
            let key = try text(of: elements[offset], at: path.appending(index: offset), depth: depth + 1)
            guard key.isComplete else { return nil }
            keys.append(key.text)
        }
        guard let value = mappings?[keys[0]]?[keys[1]]?[keys[2]] else {
            throw RouteConfigError.content(
                fileName, at: path, "Mappings has no entry \(keys.joined(separator: "."))"
            )
        }
        return try text(of: value, at: ConfigPath("Mappings", keys[0], keys[1], keys[2]), depth: depth + 1)
    }

    /// A literal list, or the result of `Fn::Split` over a resolvable string; `nil` when known only at deploy time.
    private func list(_ node: ConfigNode, at path: ConfigPath, depth: Int) throws(RouteConfigError) -> [ConfigNode]? {
        if let elements = node.elements { return elements }
        guard let (name, argument) = Self.function(of: node), name == "Fn::Split",
            let elements = argument.elements, elements.count == 2, let separator = elements[0].scalarText,
            !separator.isEmpty
        else { return nil }
        let source = try text(of: elements[1], at: path.appending(name).appending(index: 1), depth: depth + 1)
        guard source.isComplete else { return nil }
        return source.text.split(separator: separator, omittingEmptySubsequences: false).map {
            ConfigNode(.scalar(String($0), .string), at: node.position)
        }
    }

    /// The logical id a property such as `ApiId` points at: `!Ref Api`, `!GetAtt Api.ApiId` or `!Sub "${Api}"`.
    static func referencedLogicalID(_ node: ConfigNode) -> String? {
        guard let (name, argument) = function(of: node) else { return nil }
        switch name {
        case "Ref":
            return argument.scalarText
        case "Fn::GetAtt":
            if let parts = argument.elements, let first = parts.first?.scalarText { return first }
            return argument.scalarText.map { String($0.prefix { $0 != "." }) }
        case "Fn::Sub":
            guard let text = argument.scalarText, text.hasPrefix("${"), text.hasSuffix("}"), text.count > 3 else {
                return nil
            }
            let inner = text.dropFirst(2).dropLast()
            guard !inner.contains("$"), !inner.contains("}") else { return nil }
            return String(inner.prefix { $0 != "." })
        default:
            return nil
        }
    }

    /// Short-form YAML text for a node, the way a user would recognise it in the template.
    static func render(_ node: ConfigNode) -> String {
        switch node.value {
        case .scalar(let text, _):
            return text
        case .list(let elements):
            return "[" + elements.map(render).joined(separator: ", ") + "]"
        case .map(let entries):
            if let (name, argument) = function(of: node) {
                let short = name.hasPrefix("Fn::") ? String(name.dropFirst(4)) : name
                if short == "GetAtt", let parts = argument.elements, parts.allSatisfy({ $0.scalarText != nil }) {
                    return "!GetAtt " + parts.map(render).joined(separator: ".")
                }
                return "!\(short) \(render(argument))"
            }
            return "{" + entries.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
