namespace AdminPortal.Rooms.Templates;

/// <summary>The room/create settings a template holds (contract §6.1), stored as one JSON column.</summary>
public sealed class RoomTemplateSettings
{
}
