namespace EventChat.Api.Common;

public static class EndpointGroups
{
    /// <summary>Maps every <see cref="IEndpointGroup"/> of the Api under <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapEndpointGroups(this RouteGroupBuilder api)
    {
        foreach (var type in All)
        {
            ((IEndpointGroup)Activator.CreateInstance(type)!).Map(api);
        }

        return api;
    }

    public static IReadOnlyList<Type> All { get; } = typeof(EndpointGroups).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IEndpointGroup).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();
}
