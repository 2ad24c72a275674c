using EventChat.Domain.Accounts;

namespace EventChat.Infrastructure.EventStore;

/// <summary>
/// Every domain event with its stored name. Adding an event type means one line here; changing a
/// payload shape means bumping its version and registering an upcaster from the old one.
/// </summary>
public static class EventTypes
{
    public static EventTypeRegistry CreateRegistry() =>
        new EventTypeRegistry()
            .Register<UserRegistered>("user.registered")
            .Register<UserProfileChanged>("user.profile-changed")
            .Register<UserRolesChanged>("user.roles-changed")
            .Register<UserLoginFailed>("user.login-failed")
            .Register<LoginFailedForUnknownUser>("auth.login-failed-unknown-user")
            .Register<UniqueValueClaimed>("unique-value.claimed")
            .Register<UniqueValueReleased>("unique-value.released")
            .Register<SessionStarted>("session.started")
            .Register<RefreshTokenRotated>("session.refresh-token-rotated")
            .Register<RefreshTokenReuseDetected>("session.refresh-token-reuse-detected")
            .Register<SessionEnded>("session.ended");
}
