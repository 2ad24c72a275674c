using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.EventStore;
using EventChat.Infrastructure.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Projections.Audit;

/// <summary>The audit's verify: the verifier, its Hangfire job and the table of its reports.</summary>
public sealed class AuditVerifyModule : IFeatureModule
{
    /// <summary>Idempotent DDL (MariaDB and MySQL), in the component "audit-verify".</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } =
    [
        new("audit-verify", 1, "verify runs and their reports",
        [
            """
            CREATE TABLE IF NOT EXISTS audit_verify_reports (
                job_id VARCHAR(100) NOT NULL,
                status VARCHAR(16) NOT NULL,
                progress VARCHAR(300) NULL,
                requested_at DATETIME(6) NOT NULL,
                started_at DATETIME(6) NULL,
                finished_at DATETIME(6) NULL,
                difference_count BIGINT NULL,
                error TEXT NULL,
                report LONGTEXT NULL,
                PRIMARY KEY (job_id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin
            """,
        ]),
    ];

    public void AddServices(IServiceCollection services, EventChatSettings settings)
    {
        foreach (var migration in Migrations)
        {
            services.AddSingleton(migration);
        }

        services.AddSingleton<InboxVerifier>();
        services.AddSingleton<ReadModelVerifier>();
        services.AddSingleton<VerifyReportStore>();
        services.AddTransient<VerifyJob>();
    }
}
