using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace EventChat.Api.Common;

/// <summary>
/// The OpenAPI document ("EventChat API" v1) with the JWT Bearer scheme; operations that need a token say so.
/// </summary>
public static class ApiOpenApi
{
    public const string DocumentName = "v1";
    public const string Title = "EventChat API";
    public const string BearerSchemeName = "Bearer";

    public static IServiceCollection AddApiOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = Title,
                    Version = DocumentName,
                    Description = "Event-sourced chat backend. Errors are application/problem+json (RFC 9457); " +
                        "every response carries X-Correlation-Id; 2xx writes carry X-Position for read-your-writes.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerSchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    In = ParameterLocation.Header,
                    Description = "The accessToken from POST /auth/login or /auth/refresh.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (RequiresAuthentication(context.Description.ActionDescriptor.EndpointMetadata, context.ApplicationServices))
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(BearerSchemeName, context.Document)] = [],
                    });
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    private static bool RequiresAuthentication(IList<object> metadata, IServiceProvider services)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return false;
        }

        return metadata.OfType<IAuthorizeData>().Any()
            || services.GetService<IOptions<AuthorizationOptions>>()?.Value.FallbackPolicy is not null;
    }
}
