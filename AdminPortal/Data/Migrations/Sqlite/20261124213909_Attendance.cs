using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Attendance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Hidden",
                table: "WebhookEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ParticipantJoinedAt",
                table: "WebhookEvents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ParticipantSid",
                table: "WebhookEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UserName",
                table: "WebhookEvents",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "InviteId",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WebhookEvents_RoomSid",
                table: "WebhookEvents",
                column: "RoomSid");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_InviteId",
                table: "AuditEntries",
                column: "InviteId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WebhookEvents_RoomSid",
                table: "WebhookEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_InviteId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "Hidden",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "ParticipantJoinedAt",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "ParticipantSid",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "UserName",
                table: "WebhookEvents");

            migrationBuilder.DropColumn(
                name: "InviteId",
                table: "AuditEntries");
        }
    }
}
