import ClickstreamAPI

/// GET /docs: the OpenAPI document rendered as one self-contained HTML page (inline CSS, no
/// scripts, no external assets), so it works offline and behind strict proxies.
struct DocsPage {
    let document: JSONValue

    func html() -> String {
        var out = """
            <!doctype html><html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(text(document["info"]?["title"]))) API</title><style>\(Self.css)</style></head><body>
            <h1>\(escape(text(document["info"]?["title"]))) <small>\(escape(text(document["info"]?["version"])))</small></h1>
            <p>\(escape(text(document["info"]?["description"])))</p>
            <p>Machine-readable: <a href="/openapi.json">/openapi.json</a></p>
            <h2>Routes</h2>
            """
        for (path, item) in sorted(document["paths"]) {
            for (method, operation) in sorted(item) {
                out += route(method: method, path: path, operation)
            }
        }
        out += "<h2>Schemas</h2>"
        for (name, schema) in sorted(document["components"]?["schemas"]) {
            out += "<section class=\"schema\" id=\"schema-\(escape(name))\"><h3>\(escape(name))</h3>"
            if let description = schema["description"] { out += "<p>\(escape(text(description)))</p>" }
            out += properties(schema)
            out += "</section>"
        }
        return out + "</body></html>\n"
    }

    private func route(method: String, path: String, _ operation: JSONValue) -> String {
        var out =
            "<section class=\"route\"><h3><span class=\"method \(escape(method))\">\(escape(method.uppercased()))</span> "
        out += "<code>\(escape(path))</code> — \(escape(text(operation["summary"])))</h3>"
        out += "<p>\(escape(text(operation["description"])))</p>"
        if operation["security"] != nil {
            out += "<p class=\"auth\">Requires <code>Authorization: Bearer &lt;token&gt;</code>.</p>"
        }
        if case .array(let parameters)? = operation["parameters"], !parameters.isEmpty {
            out += "<table><tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>"
            for parameter in parameters {
                out +=
                    "<tr><td><code>\(escape(text(parameter["name"])))</code></td><td>\(escape(text(parameter["in"])))</td>"
                out +=
                    "<td>\(type(of: parameter["schema"]))</td><td>\(escape(text(parameter["description"])))</td></tr>"
            }
            out += "</table>"
        }
        if let body = operation["requestBody"]?["content"]?["application/json"]?["schema"] {
            out += "<p>JSON body: \(type(of: body))</p>"
        }
        out += "<ul class=\"responses\">"
        for (status, response) in sorted(operation["responses"]) {
            let content = sorted(response["content"]).first
            let media = content.map { " <code>\(escape($0.0))</code> \(type(of: $0.1["schema"]))" } ?? ""
            out += "<li><b>\(escape(status))</b> \(escape(text(response["description"])))\(media)</li>"
        }
        return out + "</ul></section>"
    }

    private func properties(_ schema: JSONValue) -> String {
        guard case .object(let properties)? = schema["properties"] else {
            return "<p>\(type(of: schema))</p>"
        }
        var required: Set<String> = []
        if case .array(let names)? = schema["required"] {
            for case .string(let name) in names { required.insert(name) }
        }
        var out = "<table><tr><th>field</th><th>type</th><th>required</th><th>description</th></tr>"
        for (name, property) in properties.sorted(by: { $0.key < $1.key }) {
            out += "<tr><td><code>\(escape(name))</code></td><td>\(type(of: property))</td>"
            out +=
                "<td>\(required.contains(name) ? "yes" : "")</td><td>\(escape(text(property["description"])))\(constraints(property))</td></tr>"
        }
        return out + "</table>"
    }

    /// A schema's type as HTML: a link for a $ref, the type (with enum values) otherwise.
    private func type(of schema: JSONValue?) -> String {
        guard let schema else { return "" }
        if case .string(let reference)? = schema["$ref"] {
            let name = String(reference.split(separator: "/").last ?? "")
            return "<a href=\"#schema-\(escape(name))\">\(escape(name))</a>"
        }
        if case .array(let options)? = schema["anyOf"] {
            return options.map { type(of: $0) }.joined(separator: " | ")
        }
        var result: String
        switch schema["type"] {
        case .string(let name)?: result = escape(name)
        case .array(let names)?: result = names.map { escape(text($0)) }.joined(separator: " | ")
        default: result = "any"
        }
        if result.hasPrefix("array"), let items = schema["items"] { result = "array of \(type(of: items))" }
        if case .array(let values)? = schema["enum"] {
            result += ": " + values.map { "<code>\(escape(text($0)))</code>" }.joined(separator: ", ")
        }
        return result
    }

    private func constraints(_ schema: JSONValue) -> String {
        var parts: [String] = []
        for key in ["minimum", "exclusiveMinimum", "maximum", "default"] {
            if let value = schema[key] { parts.append("\(key) \(text(value))") }
        }
        return parts.isEmpty ? "" : " <span class=\"limits\">(\(escape(parts.joined(separator: ", "))))</span>"
    }

    private func sorted(_ value: JSONValue?) -> [(String, JSONValue)] {
        guard case .object(let object)? = value else { return [] }
        return object.sorted { $0.key < $1.key }
    }

    private func text(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: text
        case .number(let number)?: number.compact
        case .bool(let flag)?: String(flag)
        case .null?: "null"
        default: ""
        }
    }

    private func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static let css = """
        body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        h1 small{font-size:.6em;color:#777}h2{border-bottom:1px solid #ddd;margin-top:2.5rem}
        section{margin:1.2rem 0;padding:.2rem 1rem;border:1px solid #e4e4e4;border-radius:6px}
        h3{font-size:1.05rem}code{background:#f4f4f4;padding:0 .25em;border-radius:3px}
        .method{display:inline-block;min-width:3.5em;text-align:center;color:#fff;border-radius:4px;padding:0 .4em;font-size:.85em}
        .get{background:#2a7ab0}.post{background:#2e9a4f}.auth{color:#a05a00}
        table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #e4e4e4;padding:.2rem .5rem;text-align:left;vertical-align:top}
        th{background:#fafafa}.limits{color:#777}
        """
}
