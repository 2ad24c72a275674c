using EventChat.Application.Audit;
using EventChat.Infrastructure.Configuration;
using EventChat.Infrastructure.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Audit;

/// <summary>The audit log's reads. It adds no table: auditors read <c>es_events</c> itself.</summary>
public sealed class AuditModule : IFeatureModule
{
    public void AddServices(IServiceCollection services, EventChatSettings settings) => services.AddSingleton<IAuditLog, MySqlAuditLog>();
}
