import SwiftCompilerPlugin
import SwiftSyntax
import SwiftSyntaxMacros

/// `@PublicMemberwiseInit` on a struct: a `public init` with one labelled parameter per stored
/// property, in declaration order, assigning each. Swift synthesises only an internal one, so
/// every RPC type that the daemon or clickctl builds from another module needed it written by
/// hand (21 in ClickstreamAPI, each a third edit for every new field).
///
/// A property's initial value becomes its parameter's default; an optional without one
/// defaults to `nil`. A `let` with an initial value is skipped (it cannot be assigned), as are
/// static and computed properties. Every stored property needs a written type.
public struct PublicMemberwiseInitMacro: MemberMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingMembersOf declaration: some DeclGroupSyntax,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard declaration.is(StructDeclSyntax.self) else {
            throw MacroMessage("@PublicMemberwiseInit applies to a struct")
        }
        var parameters: [String] = []
        var assignments: [String] = []
        for member in declaration.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self), !isStatic(variable) else { continue }
            let isLet = variable.bindingSpecifier.tokenKind == .keyword(.let)
            for binding in variable.bindings where isStored(binding) {
                guard let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.trimmedDescription
                else { continue }
                if isLet && binding.initializer != nil { continue }
                guard let type = binding.typeAnnotation?.type.trimmed else {
                    throw MacroMessage("@PublicMemberwiseInit needs a written type for '\(name)'")
                }
                var parameter = "\(name): \(isFunction(type) ? "@escaping " : "")\(type)"
                if let value = binding.initializer?.value.trimmedDescription {
                    parameter += " = \(value)"
                } else if isOptional(type) {
                    parameter += " = nil"
                }
                parameters.append(parameter)
                assignments.append("self.\(name) = \(name)")
            }
        }
        let body = assignments.map { "    \($0)" }.joined(separator: "\n")
        return ["public init(\(raw: parameters.joined(separator: ", "))) {\n\(raw: body)\n}"]
    }

    private static func isStatic(_ variable: VariableDeclSyntax) -> Bool {
        variable.modifiers.contains { [.keyword(.static), .keyword(.class)].contains($0.name.tokenKind) }
    }

    /// No accessor block, or only observers (`willSet`/`didSet`): storage.
    private static func isStored(_ binding: PatternBindingSyntax) -> Bool {
        switch binding.accessorBlock?.accessors {
        case nil: true
        case .getter: false
        case .accessors(let accessors):
            accessors.allSatisfy { [.keyword(.willSet), .keyword(.didSet)].contains($0.accessorSpecifier.tokenKind) }
        }
    }

    /// A closure, `@Sendable` or not: its parameter must be `@escaping`.
    private static func isFunction(_ type: TypeSyntax) -> Bool {
        type.is(FunctionTypeSyntax.self)
            || type.as(AttributedTypeSyntax.self)?.baseType.is(FunctionTypeSyntax.self) == true
    }

    private static func isOptional(_ type: TypeSyntax) -> Bool {
        type.is(OptionalTypeSyntax.self) || type.is(ImplicitlyUnwrappedOptionalTypeSyntax.self)
            || type.as(IdentifierTypeSyntax.self)?.name.text == "Optional"
    }
}

/// A macro's refusal, shown by the compiler at the attribute.
struct MacroMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

@main
struct ClickstreamMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [PublicMemberwiseInitMacro.self]
}
