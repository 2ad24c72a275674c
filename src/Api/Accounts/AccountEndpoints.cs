using EventChat.Api.Common;
using EventChat.Application.Accounts.Login;
using EventChat.Application.Accounts.Logout;
using EventChat.Application.Accounts.Refresh;
using EventChat.Application.Accounts.Register;
using EventChat.Domain.Common;
using Mediator;

namespace EventChat.Api.Accounts;

/// <summary>The "Accounts" routes of the API contract: register, login, refresh, logout.</summary>
public sealed class AccountEndpoints : IEndpointGroup
{
    public void Map(RouteGroupBuilder api)
    {
        var auth = api.MapGroup("/auth").WithTags("Accounts");
        auth.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(ApiRateLimiting.AuthPolicy).WithName("Register")
            .WithSummary("Create an account").ProducesProblem(400).ProducesProblem(409).ProducesProblem(429);
        auth.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(ApiRateLimiting.AuthPolicy).WithName("Login")
            .WithSummary("Log in with username or email").ProducesProblem(400).ProducesProblem(401);
        auth.MapPost("/refresh", RefreshAsync).AllowAnonymous().RequireRateLimiting(ApiRateLimiting.AuthPolicy).WithName("RefreshTokens")
            .WithSummary("Exchange a refresh token for a new pair (rotation, reuse detection)").ProducesProblem(400).ProducesProblem(401);
        auth.MapPost("/logout", LogoutAsync).RequireAuthorization().WithName("Logout")
            .WithSummary("End the login of this refresh token").ProducesProblem(400).ProducesProblem(401);
    }

    private static async Task<WrittenCreated<RegisteredUser>> RegisterAsync(RegisterRequest request, ISender sender, CancellationToken cancellationToken)
    {
        // Normalized at the edge (NFKC; emails also trimmed and lower case), so that validation, the uniqueness
        // claims and the stored values all see the same text.
        var written = await sender.Send(
            new RegisterUserCommand(
                UserText.Normalize(request.Username ?? string.Empty),
                UserText.NormalizeEmail(request.Email ?? string.Empty),
                request.Password ?? string.Empty,
                request.Nickname is null ? null : UserText.Normalize(request.Nickname)),
            cancellationToken);
        return WriteResults.Created($"/api/users/{written.Value.Id}", written);
    }

    private static async Task<WrittenOk<TokenPair>> LoginAsync(LoginRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new LoginCommand(UserText.Normalize(request.Login ?? string.Empty), request.Password ?? string.Empty), cancellationToken));

    private static async Task<WrittenOk<TokenPair>> RefreshAsync(RefreshRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.Ok(await sender.Send(new RefreshTokensCommand(request.RefreshToken ?? string.Empty), cancellationToken));

    private static async Task<WrittenNoContent> LogoutAsync(RefreshRequest request, ISender sender, CancellationToken cancellationToken) =>
        WriteResults.NoContent(await sender.Send(new LogoutCommand(request.RefreshToken ?? string.Empty), cancellationToken));
}

/// <summary>Body of <c>POST /api/auth/register</c>. Fields are nullable so that a missing one is a 400 naming it.</summary>
public sealed record RegisterRequest(string? Username, string? Email, string? Password, string? Nickname);

/// <summary>Body of <c>POST /api/auth/login</c>: <c>login</c> is a username or an email.</summary>
public sealed record LoginRequest(string? Login, string? Password);

/// <summary>Body of <c>POST /api/auth/refresh</c> and <c>POST /api/auth/logout</c>.</summary>
public sealed record RefreshRequest(string? RefreshToken);
