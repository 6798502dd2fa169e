using System.Net;
using System.Net.Sockets;

namespace AdminPortal.Limits;

public static class ClientAddresses
{
    /// <summary>
    /// The budget a client address counts against: each IPv4 address, and each IPv6 /64 (one household or office usually holds
    /// a whole /64), so rotating IPv6 addresses gains nothing.
    /// </summary>
    public static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
