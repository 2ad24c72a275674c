using System.Reflection;
using NetArchTest.Rules;

namespace EventChat.ArchitectureTests;

/// <summary>References point inward only: Domain ← Application ← Infrastructure ← Projections ← Api.</summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(EventChat.Domain.AssemblyMarker).Assembly;
    private static readonly Assembly Application = typeof(EventChat.Application.AssemblyMarker).Assembly;
    private static readonly Assembly Infrastructure = typeof(EventChat.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Projections = typeof(EventChat.Projections.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Domain", ["EventChat.Application", "EventChat.Infrastructure", "EventChat.Projections", "EventChat.Api", "Mediator", "FluentValidation", "MySqlConnector", "StackExchange.Redis", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "System.Text.Json"] },
        { "Application", ["EventChat.Infrastructure", "EventChat.Projections", "EventChat.Api", "MySqlConnector", "StackExchange.Redis", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Minio"] },
        { "Infrastructure", ["EventChat.Projections", "EventChat.Api"] },
        { "Projections", ["EventChat.Api"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Layer_depends_on_nothing_outward(string layer, string[] forbidden)
    {
        var result = Types.InAssembly(AssemblyOf(layer)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        result.IsSuccessful.Should().BeTrue($"{layer} must not depend on {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Layer_rule_can_fail_when_a_layer_does_reach_outward()
    {
        // The same check applied where the dependency exists must report it, or the rules above prove nothing.
        var result = Types.InAssembly(Api).ShouldNot().HaveDependencyOnAny("EventChat.Infrastructure").GetResult();

        result.IsSuccessful.Should().BeFalse();
    }

    [Fact]
    public void Only_the_api_references_the_mediator_source_generator()
    {
        foreach (var assembly in new[] { Domain, Application, Infrastructure, Projections })
        {
            assembly.GetTypes().Should().NotContain(t => t.Namespace == "Mediator" && t.Name == "Mediator", assembly.GetName().Name);
        }
    }

    private static Assembly AssemblyOf(string layer) => layer switch
    {
        "Domain" => Domain,
        "Application" => Application,
        "Infrastructure" => Infrastructure,
        "Projections" => Projections,
        _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, null),
    };
}
