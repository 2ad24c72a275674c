using System.Text.Json.Nodes;
using EventChat.Application.Abstractions.EventStore;
using EventChat.Infrastructure.EventStore;

namespace EventChat.IntegrationTests.EventStore;

/// <summary>Stored names and upcasting; pure, no I/O.</summary>
public sealed class EventTypeRegistryTests
{
    private sealed record ProfileChangedV2(string DisplayName, string Bio);

    [Fact]
    public void Stored_name_is_the_registered_name_with_its_version_not_the_clr_name()
    {
        var registry = new EventTypeRegistry().Register<ProfileChangedV2>("user.profile-changed", version: 2);

        registry.NameOf(typeof(ProfileChangedV2)).Should().Be(("user.profile-changed.v2", 2));
    }

    [Fact]
    public void Old_payload_is_upcast_through_every_step_to_the_current_shape()
    {
        var registry = new EventTypeRegistry()
            .Register<ProfileChangedV2>("user.profile-changed", version: 2)
            .Upcast("user.profile-changed", 1, v1 => new JsonObject
            {
                ["displayName"] = v1["nickname"]?.GetValue<string>(),
                ["bio"] = string.Empty,
            });

        var data = registry.Deserialize("user.profile-changed.v1", """{"nickname":"Ann"}""");

        data.Should().Be(new ProfileChangedV2("Ann", string.Empty));
    }

    [Fact]
    public void Unregistered_type_reads_as_unknown_event_instead_of_failing()
    {
        var data = new EventTypeRegistry().Deserialize("future.thing-happened.v3", """{"a":1}""");

        data.Should().Be(new UnknownEvent("future.thing-happened.v3", """{"a":1}"""));
    }

    [Fact]
    public void Missing_upcaster_is_reported_with_the_step_it_lacks()
    {
        var registry = new EventTypeRegistry().Register<ProfileChangedV2>("user.profile-changed", version: 2);

        var read = () => registry.Deserialize("user.profile-changed.v1", "{}");

        read.Should().Throw<InvalidOperationException>().WithMessage("*from v1 to v2*");
    }
}
