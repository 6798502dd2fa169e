using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AdminPortal.Data.Migrations.PostgreSQL
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
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlugNmeetServerSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UseSandbox = table.Column<bool>(type: "boolean", nullable: false),
                    ServerUrl = table.Column<string>(type: "text", nullable: true),
                    ClientUrl = table.Column<string>(type: "text", nullable: true),
                    ApiKey = table.Column<string>(type: "text", nullable: true),
                    SealedSecret = table.Column<string>(type: "text", nullable: true),
                    SecretChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TimeoutSeconds = table.Column<int>(type: "integer", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChangedBy = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlugNmeetServerSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PortalRooms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoomId = table.Column<string>(type: "text", nullable: false),
                    Sid = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: false),
                    TemplateId = table.Column<int>(type: "integer", nullable: true),
                    TemplateName = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalRooms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RoomTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    IsDefault = table.Column<bool>(type: "boolean", nullable: false),
                    Settings = table.Column<string>(type: "text", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoomTemplates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Presets_TemplateId",
                table: "Presets",
                column: "TemplateId");

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

            migrationBuilder.AddForeignKey(
                name: "FK_Presets_RoomTemplates_TemplateId",
                table: "Presets",
                column: "TemplateId",
                principalTable: "RoomTemplates",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Presets_RoomTemplates_TemplateId",
                table: "Presets");

            migrationBuilder.DropTable(
                name: "PlugNmeetServerSettings");

            migrationBuilder.DropTable(
                name: "PortalRooms");

            migrationBuilder.DropTable(
                name: "RoomTemplates");

            migrationBuilder.DropIndex(
                name: "IX_Presets_TemplateId",
                table: "Presets");

            migrationBuilder.DropColumn(
                name: "TemplateId",
                table: "Presets");
        }
    }
}
