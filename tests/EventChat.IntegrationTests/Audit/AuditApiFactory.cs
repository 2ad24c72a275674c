using System.Net;
using System.Net.Http.Json;
using EventChat.Application.Abstractions;
using EventChat.IntegrationTests.Conversations;
using EventChat.IntegrationTests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.IntegrationTests.Audit;

/// <summary>The Api with a movable clock (events an hour old) and one admin, who makes auditors.</summary>
public sealed class AuditApiFactory : ApiFactory
{
    public TestClock Clock { get; } = new();

    public string AdminUsername { get; } = ApiClientExtensions.UniqueName("aadmin");

    protected override IReadOnlyDictionary<string, string> Overrides => new Dictionary<string, string> { ["ADMIN_USERNAMES"] = AdminUsername };

    private readonly SemaphoreSlim _adminGate = new(1, 1);
    private HttpClient? _admin;

    /// <summary>A fresh user whom the admin made an auditor.</summary>
    public async Task<HttpClient> AuditorAsync()
    {
        var admin = await AdminAsync();
        var (auditor, user, _) = await this.SignedInUserAsync();
        using var promote = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}/roles", new { roles = new[] { "auditor" } });
        await promote.ShouldHaveStatusAsync(HttpStatusCode.OK);
        return auditor;
    }

    public override async ValueTask DisposeAsync()
    {
        _admin?.Dispose();
        _adminGate.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<HttpClient> AdminAsync()
    {
        await _adminGate.WaitAsync();
        try
        {
            return _admin ??= (await this.SignedInUserAsync(AdminUsername)).Client;
        }
        finally
        {
            _adminGate.Release();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IClock>(Clock));
    }
}
