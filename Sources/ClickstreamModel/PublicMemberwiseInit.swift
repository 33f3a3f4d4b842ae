/// A `public init` taking every stored property, as Swift's memberwise init would if it were
/// public (see `PublicMemberwiseInitMacro`): for the plain value types that other modules build,
/// above all the RPC types of ClickstreamAPI. A compiler plugin: nothing of it is linked.
@attached(member, names: named(init))
public macro PublicMemberwiseInit() = #externalMacro(module: "ClickstreamMacros", type: "PublicMemberwiseInitMacro")
