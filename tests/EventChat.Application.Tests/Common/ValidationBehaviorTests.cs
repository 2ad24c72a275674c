using EventChat.Application.Accounts.Register;
using EventChat.Application.Common.Behaviors;
using EventChat.Application.Common.Commands;
using EventChat.Domain.Common;

namespace EventChat.Application.Tests.Common;

public sealed class ValidationBehaviorTests
{
    [Fact]
    public async Task Invalid_command_stops_before_the_handler_with_every_failure()
    {
        var behavior = new ValidationBehavior<RegisterUserCommand, WriteResult<RegisteredUser>>([new RegisterUserValidator()]);
        var handlerCalled = false;

        var send = () => behavior.Handle(
            new RegisterUserCommand("a!", "not-an-email", "short", null),
            (_, _) =>
            {
                handlerCalled = true;
                return ValueTask.FromResult(default(WriteResult<RegisteredUser>));
            },
            CancellationToken.None).AsTask();

        var error = (await send.Should().ThrowAsync<RefusedException>()).Which;
        error.Kind.Should().Be(ErrorKind.Validation);
        error.Errors.Keys.Should().BeEquivalentTo("username", "email", "password");
        handlerCalled.Should().BeFalse();
    }

    [Fact]
    public async Task Valid_command_reaches_the_handler()
    {
        var behavior = new ValidationBehavior<RegisterUserCommand, WriteResult<RegisteredUser>>([new RegisterUserValidator()]);
        var expected = new WriteResult<RegisteredUser>(new RegisteredUser(Guid.CreateVersion7(), "ann", "ann@example.test", "ann", DateTimeOffset.UnixEpoch), 1);

        var result = await behavior.Handle(
            new RegisterUserCommand("ann", "ann@example.test", "password1", null), (_, _) => ValueTask.FromResult(expected), CancellationToken.None);

        result.Should().Be(expected);
    }
}
