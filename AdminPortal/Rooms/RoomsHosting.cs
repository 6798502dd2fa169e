namespace AdminPortal.Rooms;

public static class RoomsHosting
{
    /// <summary>The live rooms console and the generator's room check; one per circuit, like the plugNmeet client it uses.</summary>
    public static IServiceCollection AddRooms(this IServiceCollection services) => services.AddScoped<RoomsService>();
}
