using EventChat.Api.Common.Auth;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;

namespace EventChat.Api.Operations;

/// <summary>
/// The Hangfire dashboard at <c>/hangfire</c>, for admins only. A browser cannot send a bearer header,
/// so an admin opens <c>/hangfire?access_token=ACCESS_TOKEN</c> once: the token is checked like any
/// other and kept in an HttpOnly cookie limited to <c>/hangfire</c> for the dashboard's own requests.
/// </summary>
public static class HangfireDashboard
{
    public const string Path = "/hangfire";
    private const string CookieName = "eventchat_hangfire";

    /// <summary>Before authentication: hands the query or cookie token to the bearer handler.</summary>
    public static IApplicationBuilder UseHangfireDashboardToken(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(Path) && context.Request.Headers.Authorization.Count == 0,
            branch => branch.Use(async (context, next) =>
            {
                var token = context.Request.Query["access_token"].FirstOrDefault() ?? context.Request.Cookies[CookieName];
                if (!string.IsNullOrEmpty(token))
                {
                    context.Request.Headers.Authorization = "Bearer " + token;
                }

                await next();
            }));

    public static IApplicationBuilder UseEventChatHangfireDashboard(this IApplicationBuilder app) =>
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new AdminOnly()],
            DashboardTitle = "EventChat jobs",
            DisplayStorageConnectionString = false,
            AppPath = null,
        });

    private sealed class AdminOnly : IDashboardAsyncAuthorizationFilter
    {
        public async Task<bool> AuthorizeAsync(DashboardContext context)
        {
            var http = context.GetHttpContext();
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            if (!(await authorization.AuthorizeAsync(http.User, AuthSetup.AdminPolicy)).Succeeded)
            {
                return false;
            }

            if (http.Request.Query["access_token"].FirstOrDefault() is { Length: > 0 } token)
            {
                http.Response.Cookies.Append(CookieName, token, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = Path,
                    Secure = http.Request.IsHttps,
                });
            }

            return true;
        }
    }
}
