using System.Reflection;
using EventChat.Infrastructure.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EventChat.Infrastructure.Features;

public static class FeatureModules
{
    /// <summary>Adds the services of every <see cref="IFeatureModule"/> in <paramref name="assembly"/>, in name order.</summary>
    public static IServiceCollection AddFeatureModules(this IServiceCollection services, EventChatSettings settings, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in ModuleTypes(assembly))
        {
            ((IFeatureModule)Activator.CreateInstance(type)!).AddServices(services, settings);
        }

        return services;
    }

    public static IReadOnlyList<Type> ModuleTypes(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFeatureModule).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToArray();
    }
}
