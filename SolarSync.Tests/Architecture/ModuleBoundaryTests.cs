using System.Reflection;
using System.Reflection.Emit;
using SolarSync.Modules.Shared.Database;

namespace SolarSync.Tests.Architecture;

/// <summary>
/// All modules share one assembly, so `internal` cannot keep them apart. This test reads every type's signatures
/// and method bodies (IL tokens) and fails when a module touches another module anywhere but its Contracts
/// namespace or its public face (the &lt;Module&gt;Module class). Shared is the kernel every module may use.
/// </summary>
public sealed class ModuleBoundaryTests
{
    private const string Root = "SolarSync.Modules.";
    private static readonly Assembly Modules = typeof(DatabaseMigrator).Assembly;
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [Test]
    public void Modules_use_each_other_only_through_contracts()
    {
        var violations = Modules.GetTypes()
            .Where(t => ModuleOf(t) is { } m && m != "Shared")
            .SelectMany(t => ReferencedTypes(t).Where(r => Forbidden(t, r)).Select(r => $"{t.FullName} -> {r.FullName}"))
            .Distinct()
            .ToList();

        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    /// <summary>
    /// Modules depend one way (docs/architecture.md §1): Models serves what Training makes, so Models never reaches
    /// into Training, and Prediction serves forecasts through Models alone, never through Training.
    /// </summary>
    [TestCase("Models", "Training")]
    [TestCase("Models", "Prediction")]
    [TestCase("Prediction", "Training")]
    [TestCase("Features", "Models")]
    public void A_module_never_uses_a_module_downstream_of_it(string module, string downstream)
    {
        var violations = Modules.GetTypes()
            .Where(t => ModuleOf(t) == module)
            .SelectMany(t => ReferencedTypes(t).Where(r => ModuleOf(r) == downstream).Select(r => $"{t.FullName} -> {r.FullName}"))
            .Distinct()
            .ToList();

        Assert.That(Modules.GetTypes().Count(t => ModuleOf(t) == module), Is.GreaterThan(0), $"the {module} module exists");
        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [Test]
    public void Shared_uses_no_module()
    {
        var violations = Modules.GetTypes()
            .Where(t => ModuleOf(t) == "Shared")
            .SelectMany(t => ReferencedTypes(t).Where(r => ModuleOf(r) is { } m && m != "Shared").Select(r => $"{t.FullName} -> {r.FullName}"))
            .Distinct()
            .ToList();

        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [Test]
    public void The_check_sees_references_inside_method_bodies()
    {
        // Guards the guard: a Sites endpoint calls the Sites repository inside its body, so the scanner must see it.
        var endpoint = Modules.GetType("SolarSync.Modules.Sites.CreateSite.CreateSiteEndpoint", throwOnError: true)!;
        var seen = endpoint.GetNestedTypes(BindingFlags.NonPublic).Prepend(endpoint).SelectMany(ReferencedTypes).Select(t => t.Name);
        Assert.That(seen, Does.Contain("SiteRepository"));
    }

    private static bool Forbidden(Type from, Type to)
    {
        var source = ModuleOf(from);
        var target = ModuleOf(to);
        if (target is null || target == source || target == "Shared") return false;
        var ns = to.Namespace ?? "";
        var isContract = ns == $"{Root}{target}.Contracts" || ns.StartsWith($"{Root}{target}.Contracts.", StringComparison.Ordinal);
        var isPublicFace = to.Name == $"{target}Module" && ns == $"{Root}{target}";
        return !isContract && !isPublicFace;
    }

    private static string? ModuleOf(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal)) return null;
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t)) return;
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
            if (t.HasElementType) Add(t.GetElementType());
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(all)) Add(f.FieldType);
        foreach (var p in type.GetProperties(all)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var t in TypesInBody(m)) Add(t);
        }
        return found;
    }

    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            OpCode op;
            if (il[i] == 0xFE) { op = OpCodesByValue[(short)(0xFE00 | il[i + 1])]; i += 2; }
            else { op = OpCodesByValue[il[i]]; i += 1; }

            var operandSize = op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
            if (op.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var token = BitConverter.ToInt32(il, i);
                MemberInfo? member = null;
                try { member = method.Module.ResolveMember(token, typeArgs, methodArgs); }
                catch (ArgumentException) { }
                if (member is Type t) yield return t;
                else if (member?.DeclaringType is { } declaring) yield return declaring;
                if (member is MethodInfo called) yield return called.ReturnType;
                if (member is FieldInfo field) yield return field.FieldType;
            }
            i += operandSize;
        }
    }
}
