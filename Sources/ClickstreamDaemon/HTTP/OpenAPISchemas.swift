/// The `components.schemas` of /openapi.json, as JSON text: the request and result types of
/// ClickstreamAPI (snake_case, as they go over the wire) and the record shapes of the
/// original service. Numbers in `__CAPS__` are filled in from `HTTPLimits`.
///
/// Kept as a JSON file (OpenAPISchemas.json, embedded in the binary by the package's
/// `embedInCode` resource rule) rather than built in code because it is the document it
/// becomes; HTTPOpenAPITests check it parses and names every route.
enum OpenAPISchemas {
    static var json: String { String(decoding: PackageResources.OpenAPISchemas_json, as: UTF8.self) }
}
