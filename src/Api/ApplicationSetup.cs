using EventChat.Application.Common;
using EventChat.Application.Common.Behaviors;
using EventChat.Application.Common.Commands;
using FluentValidation;
using Mediator;

namespace EventChat.Api;

public static class ApplicationSetup
{
    /// <summary>
    /// The mediator (source-generated here, the only project that references the generator), its
    /// pipeline (validation, then logging, then the handler) and the validators.
    /// </summary>
    public static IServiceCollection AddEventChatApplication(this IServiceCollection services)
    {
        services.AddMediator((MediatorOptions options) =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(EventChat.Application.AssemblyMarker)];
            options.PipelineBehaviors = [typeof(ValidationBehavior<,>), typeof(LoggingBehavior<,>)];
        });
        services.AddValidatorsFromAssemblyContaining(typeof(EventChat.Application.AssemblyMarker), ServiceLifetime.Singleton);
        services.AddScoped<EventMetadataFactory>();
        services.AddScoped<CommandRunner>();
        services.AddSingleton<StreamStateCache>();
        return services;
    }
}
