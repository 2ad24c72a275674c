using Microsoft.AspNetCore.Authorization;
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

                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<WritesPosition>().Any())
                {
                    AddPosition(operation);
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>A write's JSON answer is its value plus <c>position</c> (<see cref="WriteResults"/>): allOf the value's schema and that.</summary>
    private static void AddPosition(OpenApiOperation operation)
    {
        foreach (var (_, response) in operation.Responses ?? [])
        {
            if (response.Content?.TryGetValue("application/json", out var media) == true && media.Schema is { } value)
            {
                media.Schema = new OpenApiSchema
                {
                    AllOf =
                    [
                        value,
                        new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string>(StringComparer.Ordinal) { WriteResults.PositionProperty },
                            Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                            {
                                [WriteResults.PositionProperty] = new OpenApiSchema
                                {
                                    Type = JsonSchemaType.Integer,
                                    Format = "int64",
                                    Description = "Global position of the write's last event (also in X-Position); 0 when nothing changed.",
                                },
                            },
                        },
                    ],
                };
            }
        }
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
