using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using SolarSync.Modules.Shared.Security;

namespace SolarSync.Host.OpenApi;

/// <summary>
/// An operation's security as the authorization middleware decides it: the endpoint's policy is combined from its
/// metadata with the middleware's own method (named policies, roles, the fallback policy), and [AllowAnonymous] wins.
/// With a policy the operation needs the API key (401 without a valid one) and, when the policy leaves out a role, 403
/// for a key of that role. The fallback policy follows Auth:AnonymousReads, so the read operations are documented as
/// the host runs. Without one it says so with an empty security list, OpenAPI's "no authentication",
/// rather than leaving security out (which would mean "not stated").
/// </summary>
internal sealed class AuthorizationResponses(IAuthorizationPolicyProvider policies) : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var policy = await PolicyOfAsync(context.Description.ActionDescriptor.EndpointMetadata);
        if (policy is null)
        {
            operation.Security = [];
            return;
        }

        operation.Security = [ApiKeySecurityScheme.Requirement(context.Document)];
        ProblemResponse.AddTo(operation, StatusCodes.Status401Unauthorized, "No valid API key was sent.", context.Document);
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToList();
        // A policy that admits every role a key can have (the reader policy) refuses no valid key: no 403.
        if (roles.Count > 0 && !Roles.All.All(roles.Contains))
        {
            ProblemResponse.AddTo(operation, StatusCodes.Status403Forbidden,
                $"The key's role may not do this: it needs {string.Join(" or ", roles)}.", context.Document);
        }
    }

    /// <summary>The policy the authorization middleware would enforce; null when it lets anyone through.</summary>
    private async Task<AuthorizationPolicy?> PolicyOfAsync(IList<object> metadata) =>
        metadata.OfType<IAllowAnonymous>().Any()
            ? null
            : await AuthorizationPolicy.CombineAsync(policies, metadata.OfType<IAuthorizeData>().ToList(), metadata.OfType<AuthorizationPolicy>().ToList());
}
