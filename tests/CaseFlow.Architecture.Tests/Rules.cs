using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace CaseFlow.Architecture.Tests;

/// <summary>The boundary rules of docs/ARCHITECTURE.md, each a function from assemblies to the violations found.</summary>
internal static class Rules
{
    public static readonly string[] Modules = ["Intake", "Routing", "Approval", "Deadline", "Supervision"];

    /// <summary>A module may use another module only through that module's .Contracts assembly.</summary>
    public static IEnumerable<string> ModulesReachOtherModulesOnlyThroughContracts(Assembly module)
    {
        var own = ModuleOf(module.GetName().Name!);
        foreach (var reference in module.GetReferencedAssemblies().Select(r => r.Name!))
        {
            var other = ModuleOf(reference);
            if (other is not null && other != own && !reference.EndsWith(".Contracts", StringComparison.Ordinal))
            {
                yield return $"{module.GetName().Name} references {reference}; use CaseFlow.{other}.Contracts and the mediator instead.";
            }
        }
    }

    /// <summary>A .Contracts assembly references nothing but the message markers and shared primitives (and the base library).</summary>
    public static IEnumerable<string> ContractsReferenceOnlyMarkersAndPrimitives(Assembly contracts) =>
        contracts.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => name != "CaseFlow.Kernel.Contracts" && !IsBaseLibrary(name))
            .Select(name => $"{contracts.GetName().Name} references {name}; contracts may reference only CaseFlow.Kernel.Contracts.");

    /// <summary>The workflow runtime knows no module.</summary>
    public static IEnumerable<string> WorkflowReferencesNoModule(Assembly workflow) =>
        workflow.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => ModuleOf(name) is not null)
            .Select(name => $"{workflow.GetName().Name} references the module assembly {name}; the runtime must not know modules.");

    /// <summary>Every DbContext of a module keeps all its tables in the module's own schema.</summary>
    public static IEnumerable<string> DbContextsUseTheirModuleSchema(Assembly module, string expectedSchema)
    {
        foreach (var type in module.GetTypes().Where(t => typeof(DbContext).IsAssignableFrom(t) && !t.IsAbstract))
        {
            var options = (DbContextOptionsBuilder)Activator.CreateInstance(typeof(DbContextOptionsBuilder<>).MakeGenericType(type))!;
            options.UseNpgsql("Host=127.0.0.1;Database=model-only");
            using var context = (DbContext)Activator.CreateInstance(type, options.Options)!;
            var model = context.Model;
            if (model.GetDefaultSchema() != expectedSchema)
            {
                yield return $"{type.FullName} has the default schema '{model.GetDefaultSchema()}', not '{expectedSchema}'.";
            }

            foreach (var entity in model.GetEntityTypes().Where(e => e.GetTableName() is not null && e.GetSchema() != expectedSchema))
            {
                yield return $"{type.FullName} maps {entity.DisplayName()} to schema '{entity.GetSchema()}', not '{expectedSchema}'.";
            }
        }
    }

    /// <summary>
    /// A module lets only test assemblies (and the benchmarks) see its internals: never the Host or another module, which
    /// reach it through its .Contracts and the mediator like everyone else.
    /// </summary>
    public static IEnumerable<string> ModulesGrantInternalsOnlyToTests(Assembly module) =>
        module.GetCustomAttributes(typeof(InternalsVisibleToAttribute), inherit: false)
            .Cast<InternalsVisibleToAttribute>()
            .Select(a => a.AssemblyName.Split(',')[0].Trim())
            .Where(friend => !friend.EndsWith(".Tests", StringComparison.Ordinal) && friend != "CaseFlow.Benchmarks")
            .Select(friend => $"{module.GetName().Name} lets {friend} see its internals; move what {friend} needs into {module.GetName().Name}.Contracts.");

    /// <summary>A module exposes nothing public but its composition entry point, the <c>&lt;X&gt;Module</c> class.</summary>
    public static IEnumerable<string> ModulesExposeOnlyTheirEntryPoint(Assembly module) =>
        module.GetExportedTypes()
            .Where(t => !IsEntryPoint(t))
            .Select(t => $"{module.GetName().Name} makes {t.FullName} public; a module's requests and views belong in its .Contracts.");

    /// <summary>
    /// The Host (its pages included) uses a module's own assembly only for the module's composition entry point
    /// (<c>AddXModule</c>, <c>MapXEndpoints</c>, its constants); everything else comes from the module's .Contracts. Every type
    /// the given types name is checked: base types, fields, signatures, locals, attributes and every type, method and field
    /// their IL refers to.
    /// </summary>
    public static IEnumerable<string> HostUsesModulesOnlyThroughContracts(IEnumerable<Type> hostTypes) =>
        hostTypes
            .SelectMany(user => TypesUsedBy(user).Where(IsModuleInternal).Select(used => (user, used)))
            .Select(u => $"{Outermost(u.user).FullName} uses {u.used.FullName} of {u.used.Assembly.GetName().Name}; send the module's .Contracts requests instead.")
            .Distinct(StringComparer.Ordinal);

    private static bool IsModuleInternal(Type type)
    {
        var assembly = type.Assembly.GetName().Name!;
        return ModuleOf(assembly) is not null && !assembly.EndsWith(".Contracts", StringComparison.Ordinal) && !IsEntryPoint(type);
    }

    private static bool IsEntryPoint(Type type) =>
        ModuleOf(type.Assembly.GetName().Name!) is { } module && type.FullName == $"CaseFlow.{module}.{module}Module";

    private static Type Outermost(Type type) => type.DeclaringType is { } outer ? Outermost(outer) : type;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every type a type names, in its declaration and in the IL of its methods (nested types are types of their own).</summary>
    public static IEnumerable<Type> TypesUsedBy(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var used = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            used.Add(baseType);
        }

        used.AddRange(type.GetInterfaces());
        used.AddRange(type.GetCustomAttributesData().Select(a => a.AttributeType));
        used.AddRange(type.GetFields(all).Select(f => f.FieldType));
        used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            used.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                used.Add(info.ReturnType);
            }

            used.AddRange(TypesInBody(method));
        }

        return used.SelectMany(Expand).Distinct();
    }

    private static List<Type> TypesInBody(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            return [];
        }

        var used = body.LocalVariables.Select(l => l.LocalType).ToList();
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[at + 1])] : OpCodesByValue[il[at]];
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    used.AddRange(TypesOf(member));
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.InlineSig or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                default:
                    break;
            }
        }

        return used;
    }

    private static IEnumerable<Type> TypesOf(MemberInfo? member) => (member switch
    {
        Type type => [type],
        FieldInfo field => [field.DeclaringType, field.FieldType],
        MethodInfo method => [method.DeclaringType, method.ReturnType, .. method.GetParameters().Select(p => p.ParameterType), .. method.IsGenericMethod ? method.GetGenericArguments() : []],
        ConstructorInfo constructor => [constructor.DeclaringType, .. constructor.GetParameters().Select(p => p.ParameterType)],
        _ => Array.Empty<Type?>(),
    }).OfType<Type>();

    /// <summary>A type and every type it is made of: element types of arrays and references, generic arguments.</summary>
    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            return Expand(type.GetElementType()!);
        }

        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            return [type.GetGenericTypeDefinition(), .. type.GetGenericArguments().SelectMany(Expand)];
        }

        return type.IsGenericParameter ? [] : [type];
    }

    private static bool IsBaseLibrary(string name) =>
        name is "System" or "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal);

    private static string? ModuleOf(string assemblyName) =>
        Modules.FirstOrDefault(m => assemblyName == $"CaseFlow.{m}" || assemblyName.StartsWith($"CaseFlow.{m}.", StringComparison.Ordinal));
}
