using EventChat.Application.Abstractions;
using EventChat.Application.Common;
using EventChat.Infrastructure.Configuration;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Routing.Patterns;
using Scalar.AspNetCore;
using Serilog;

namespace EventChat.Api.Common;

/// <summary>
/// What every route inherits: logging, correlation ids, problem+json errors, request limits, CORS and
/// the OpenAPI document. Program.cs calls these three in order.
/// </summary>
public static class ApiCommon
{
    /// <summary>How long shutdown waits for in-flight requests (and hosted services) to finish.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Kestrel's request body limit, 1 MiB: far above any JSON command of the contract. A route that needs more
    /// (uploads) says so with <c>.WithMetadata(new RequestSizeLimitAttribute(n))</c>, which routing applies.
    /// </summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddApiCommon(this WebApplicationBuilder builder, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        builder.AddApiLogging(settings);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new UtcMillisecondsConverter()));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<ICorrelationContext, HttpCorrelationContext>();

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = ProblemDetailsEnricher.Enrich);
        // After ASP.NET Core's writer, so it only writes what that one declines (clients that do not Accept JSON).
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonFallbackWriter>();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
            options.SuppressDiagnosticsCallback = context => context.ExceptionHandledBy == ExceptionHandledType.ExceptionHandlerService);
        // Binding failures (malformed JSON, wrong content type, bad parameters) throw in every environment, so the
        // exception handler sees the JsonException (and its path) behind a 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.AddApiCors(settings);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddApiOpenApi();
        return builder;
    }

    /// <summary>
    /// The middleware every request goes through. Call <c>UseAuthentication</c> and <c>UseAuthorization</c> right
    /// after it (explicitly: WebApplication would otherwise put them first, and 401/403 answers would then carry
    /// neither problem+json nor the correlation id).
    /// </summary>
    public static WebApplication UseApiCommon(this WebApplication app, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        // Routing runs before all of this (WebApplication adds it first), so the endpoint is known below.
        app.UseMiddleware<CorrelationIdMiddleware>();
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        var refusals = app.Services.GetRequiredService<RefusalLogBudget>();
        app.UseSerilogRequestLogging(options => ApiLogging.ConfigureRequestLogging(options, logger, refusals));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        return app;
    }

    public static WebApplication MapApiDocs(this WebApplication app, EventChatSettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        var prefix = "/" + settings.ApiPrefix;
        var documentRoute = prefix + "/openapi.json";
        app.MapOpenApi(documentRoute).AllowAnonymous();

        // Scalar's script is embedded in the package: no CDN, no web fonts, no telemetry, no AI agent.
        app.MapScalarApiReference(prefix, options =>
            {
                options.Title = ApiOpenApi.Title;
                options.DefaultFonts = false;
                options.Telemetry = false;
                options.WithOpenApiRoutePattern(documentRoute)
                    .AddPreferredSecuritySchemes([ApiOpenApi.BearerSchemeName])
                    .DisableAgent()
                    .DisableMcp();
            })
            .AllowAnonymous()
            // Scalar maps "{prefix}/{documentName?}", which would answer every unknown GET /api/x with the docs page
            // (and every other method with 405). There is one document: serve the page at the prefix only.
            .Add(endpoint =>
            {
                if (endpoint is RouteEndpointBuilder route && route.RoutePattern.GetParameter("documentName") is not null)
                {
                    route.RoutePattern = RoutePatternFactory.Parse(prefix);
                }
            });
        return app;
    }
}
