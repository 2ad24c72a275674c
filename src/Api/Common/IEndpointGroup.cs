namespace EventChat.Api.Common;

/// <summary>
/// A feature's routes under <c>/api</c> (<c>src/Api/Friends/FriendEndpoints.cs</c>). Every implementation
/// in this assembly is mapped at start, so adding a feature touches no central file.
/// </summary>
public interface IEndpointGroup
{
    void Map(RouteGroupBuilder api);
}
