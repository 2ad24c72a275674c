using System.Reflection;
using System.Text.RegularExpressions;
using EventChat.Api.Common;
using EventChat.Domain.Common;
using EventChat.Infrastructure.Features;
using EventChat.Projections.Engine;
using NetArchTest.Rules;

namespace EventChat.ArchitectureTests;

/// <summary>
/// A feature is one folder (and namespace) of the same name in each project. These rules keep its files
/// there: its events are read (projected, served) only inside it, its routes, modules and projections live in it, and every
/// namespace is its folder. Each rule is also shown to fail where it is broken.
/// </summary>
public sealed partial class FeatureFolderTests
{
    private static readonly Assembly Domain = typeof(EventChat.Domain.AssemblyMarker).Assembly;
    private static readonly Assembly[] Src =
    [
        Domain,
        typeof(EventChat.Application.AssemblyMarker).Assembly,
        typeof(EventChat.Infrastructure.DependencyInjection).Assembly,
        typeof(EventChat.Projections.DependencyInjection).Assembly,
        typeof(Program).Assembly,
    ];

    /// <summary>The features: each folder of the Domain except Common.</summary>
    public static TheoryData<string> Features()
    {
        var data = new TheoryData<string>();
        foreach (var feature in Domain.GetTypes().Select(FeatureOf).OfType<string>().Distinct().Order(StringComparer.Ordinal))
        {
            data.Add(feature);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Features))]
    public void A_features_events_are_read_only_inside_that_feature(string feature)
    {
        UsersOutside(feature, eventsOf: feature).Should().BeEmpty($"only {feature} projections and routes may read {feature} events");
    }

    [Fact]
    public void The_event_rule_can_fail_when_another_feature_handles_the_events()
    {
        // Accounts events judged as if only an Operations folder could use them: the accounts handlers are outside.
        UsersOutside("Operations", eventsOf: "Accounts").Should().NotBeEmpty();
    }

    private static IEnumerable<string?> UsersOutside(string feature, string eventsOf) =>
        TypesUsingEventsOf(eventsOf).Where(t => FeatureOf(t) != feature).Select(t => t.FullName);

    [Fact]
    public void Endpoint_groups_modules_and_projections_live_in_a_feature_folder()
    {
        var misplaced = Src.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false }
                && (typeof(IEndpointGroup).IsAssignableFrom(t) || typeof(IFeatureModule).IsAssignableFrom(t) || typeof(IProjection).IsAssignableFrom(t)))
            .Where(t => FeatureOf(t) is null && !IsFeatureWithoutEvents(t))
            .Select(t => t.FullName);

        misplaced.Should().BeEmpty("a feature's routes, registrations and projections belong in its folder");
        FeatureOf(typeof(EndpointGroups)).Should().BeNull("the rule above must be able to see a type outside every feature");
    }

    [Fact]
    public void Every_source_file_declares_the_namespace_of_its_folder()
    {
        var root = RepositoryRoot();
        var wrong = new List<string>();
        foreach (var project in Directory.GetDirectories(Path.Combine(root, "src")))
        {
            var projectNamespace = "EventChat." + Path.GetFileName(project);
            foreach (var file in Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var folder = Path.GetRelativePath(project, Path.GetDirectoryName(file)!);
                var expected = folder == "." ? projectNamespace : projectNamespace + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = NamespaceLine().Match(File.ReadAllText(file));
                if (Path.GetFileName(file) != "Program.cs" && (!declared.Success || declared.Groups[1].Value != expected))
                {
                    wrong.Add($"{Path.GetRelativePath(root, file)}: {(declared.Success ? declared.Groups[1].Value : "no namespace")}, expected {expected}");
                }
            }
        }

        wrong.Should().BeEmpty();
    }

    /// <summary>
    /// Projections and Api types that reference any event type declared in the feature's Domain folder.
    /// Application handlers are left out on purpose: one command may append to several features' streams
    /// atomically (accepting a friend request starts the pair's direct conversation).
    /// </summary>
    private static Type[] TypesUsingEventsOf(string feature)
    {
        var events = Domain.GetTypes()
            .Where(t => t.GetCustomAttribute<EventNameAttribute>() is not null && FeatureOf(t) == feature)
            .Select(t => t.FullName!)
            .ToArray();
        return Src.Skip(3)
            .SelectMany(a => Types.InAssembly(a).That().HaveDependencyOnAny(events).GetTypes())
            .Where(t => !t.IsNested || t.DeclaringType is null)
            .ToArray();
    }

    /// <summary>
    /// The feature a type belongs to: the third part of <c>EventChat.{Project}.{Feature}</c>, or null for
    /// the shared folders (Common, Abstractions) and a project's plumbing (Engine, EventStore…).
    /// </summary>
    private static string? FeatureOf(Type type)
    {
        var parts = (type.Namespace ?? string.Empty).Split('.');
        if (parts.Length < 3)
        {
            return null;
        }

        return Domain.GetTypes().Any(t => t.Namespace == $"EventChat.Domain.{parts[2]}") && parts[2] != "Common" ? parts[2] : null;
    }

    /// <summary>
    /// Features without events or a Domain folder: Operations (health, projection administration), Realtime (the
    /// hub, presence, typing and the push port; the pushes themselves are projections in the folder of the events
    /// they push) and Audit (it reads every feature's history and read models, and owns no events).
    /// </summary>
    private static bool IsFeatureWithoutEvents(Type type) => type.Namespace?.Split('.') is [_, _, "Operations" or "Realtime" or "Audit", ..];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "EventChat.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("EventChat.sln not found above the test binaries.");
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceLine();
}
