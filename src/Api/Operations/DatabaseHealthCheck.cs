using EventChat.Infrastructure.EventStore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MySqlConnector;

namespace EventChat.Api.Operations;

/// <summary>MySQL answers <c>SELECT 1</c> on a pooled connection.</summary>
public sealed class DatabaseHealthCheck(MySqlConnectionFactory connections) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
