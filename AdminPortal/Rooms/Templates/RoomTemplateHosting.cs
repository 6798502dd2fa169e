namespace AdminPortal.Rooms.Templates;

public static class RoomTemplateHosting
{
    /// <summary>Room templates and the record of rooms the portal started.</summary>
    public static IServiceCollection AddRoomTemplates(this IServiceCollection services) =>
        services.AddSingleton<RoomTemplateService>();
}
