using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RoomsTemplatesServerSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TemplateId",
                table: "Presets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PresetId",
                table: "Invites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlugNmeetServerSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UseSandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    ServerUrl = table.Column<string>(type: "TEXT", nullable: true),
                    ClientUrl = table.Column<string>(type: "TEXT", nullable: true),
                    ApiKey = table.Column<string>(type: "TEXT", nullable: true),
                    SealedSecret = table.Column<string>(type: "TEXT", nullable: true),
                    SecretChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TimeoutSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlugNmeetServerSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PortalRooms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoomId = table.Column<string>(type: "TEXT", nullable: false),
                    Sid = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", nullable: false),
                    TemplateId = table.Column<int>(type: "INTEGER", nullable: true),
                    TemplateName = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalRooms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RoomTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    Settings = table.Column<string>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomTemplates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_RoomId",
                table: "AuditEntries",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_PortalRooms_RoomId",
                table: "PortalRooms",
                column: "RoomId");

            migrationBuilder.CreateIndex(
                name: "IX_PortalRooms_Sid",
                table: "PortalRooms",
                column: "Sid");

            migrationBuilder.CreateIndex(
                name: "IX_RoomTemplates_Name",
                table: "RoomTemplates",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlugNmeetServerSettings");

            migrationBuilder.DropTable(
                name: "PortalRooms");

            migrationBuilder.DropTable(
                name: "RoomTemplates");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_RoomId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "TemplateId",
                table: "Presets");

            migrationBuilder.DropColumn(
                name: "PresetId",
                table: "Invites");
        }
    }
}
