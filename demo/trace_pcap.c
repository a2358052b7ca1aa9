/* demo/trace_pcap: `--pcap FILE`, the session as a classic libpcap capture
 * that Wireshark and tshark open. The demo's client and server talk over an
 * in-memory pipe, so there are no packets to capture: we write the packets a
 * TCP connection would have carried, with synthetic Ethernet, IPv4
 * (RFC 791) and TCP (RFC 793) headers: client 10.0.0.1, server 10.0.0.2
 * port 443 (where Wireshark looks for TLS), a three-way handshake, the bytes
 * in segments with true sequence and acknowledgement numbers and checksums,
 * and a FIN exchange. Layer: demo. */
#include <string.h>
#include <sys/time.h>

#include "demo/trace.h"

#define LINKTYPE_ETHERNET 1
#define SNAPLEN           65535
#define MSS               1460 /* what fits in a 1500-byte Ethernet frame */
#define ETH_LEN           14
#define IP_LEN            20
#define TCP_LEN           20
#define SERVER_PORT       443
#define CLIENT_PORT       49152 /* the first ephemeral port (RFC 6335) */

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

static const uint8_t client_ip[4] = {10, 0, 0, 1}, server_ip[4] = {10, 0, 0, 2};
static const uint8_t client_mac[6] = {0x02, 0, 0, 0, 0, 1}, server_mac[6] = {0x02, 0, 0, 0, 0, 2};

/* pcap's own headers are in the writer's byte order; we pick little-endian
 * and say so with the magic number. */
static bool put_le32(FILE *out, uint32_t v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    return fwrite(b, 1, 4, out) == 4;
}

static void be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void be32(uint8_t *p, uint32_t v)
{
    be16(p, (uint16_t)(v >> 16));
    be16(p + 2, (uint16_t)v);
}

/* The Internet checksum (RFC 1071): ones' complement of the ones'
 * complement sum of 16-bit words. */
static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += (uint32_t)(p[n - 1] << 8);
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

bool gt_pcap_begin(gt_pcap_writer *w, FILE *out, int64_t fixed_time)
{
    w->out = out;
    w->fixed_time = fixed_time;
    w->packets = 0;
    return put_le32(out, 0xa1b2c3d4) && put_le32(out, 2 | 4u << 16) /* version 2.4 */ &&
           put_le32(out, 0) /* thiszone */ && put_le32(out, 0) /* sigfigs */ &&
           put_le32(out, SNAPLEN) && put_le32(out, LINKTYPE_ETHERNET);
}

/* One TCP connection's state as we write it. */
typedef struct tcp_stream {
    uint16_t client_port;
    uint32_t next_seq[2]; /* [1]: the client's next sequence number, [0]: the server's */
    int64_t sec, usec;    /* timestamp of the last packet (real clock) */
} tcp_stream;

static bool packet(gt_pcap_writer *w, tcp_stream *s, bool from_client, uint8_t flags,
                   const uint8_t *data, size_t n)
{
    uint8_t h[ETH_LEN + IP_LEN + TCP_LEN];
    memset(h, 0, sizeof h);
    /* Ethernet II */
    memcpy(h, from_client ? server_mac : client_mac, 6);
    memcpy(h + 6, from_client ? client_mac : server_mac, 6);
    be16(h + 12, 0x0800);
    /* IPv4, no options */
    uint8_t *ip = h + ETH_LEN;
    ip[0] = 0x45;
    be16(ip + 2, (uint16_t)(IP_LEN + TCP_LEN + n));
    be16(ip + 4, (uint16_t)w->packets);
    be16(ip + 6, 0x4000); /* don't fragment */
    ip[8] = 64;           /* time to live */
    ip[9] = 6;            /* TCP */
    memcpy(ip + 12, from_client ? client_ip : server_ip, 4);
    memcpy(ip + 16, from_client ? server_ip : client_ip, 4);
    be16(ip + 10, fold(sum16(0, ip, IP_LEN)));
    /* TCP, no options */
    uint8_t *tcp = ip + IP_LEN;
    be16(tcp, from_client ? s->client_port : SERVER_PORT);
    be16(tcp + 2, from_client ? SERVER_PORT : s->client_port);
    be32(tcp + 4, s->next_seq[from_client]);
    be32(tcp + 8, flags & TCP_ACK ? s->next_seq[!from_client] : 0);
    tcp[12] = (TCP_LEN / 4) << 4;
    tcp[13] = flags;
    be16(tcp + 14, 65535); /* window */
    uint8_t pseudo[12];
    memcpy(pseudo, ip + 12, 8);
    pseudo[8] = 0;
    pseudo[9] = 6;
    be16(pseudo + 10, (uint16_t)(TCP_LEN + n));
    uint32_t sum = sum16(sum16(0, pseudo, sizeof pseudo), tcp, TCP_LEN);
    /* the data starts at an even offset of the segment, so it sums on its own */
    be16(tcp + 16, fold(sum16(sum, data, n)));
    /* SYN and FIN take one sequence number each */
    s->next_seq[from_client] += (uint32_t)n + (flags & (TCP_SYN | TCP_FIN) ? 1 : 0);

    int64_t sec = s->sec, usec = s->usec;
    if (w->fixed_time) {
        sec = w->fixed_time + w->packets / 1000;
        usec = (w->packets % 1000) * 1000; /* one millisecond apart */
    }
    w->packets++;
    uint32_t len = (uint32_t)(sizeof h + n);
    return put_le32(w->out, (uint32_t)sec) && put_le32(w->out, (uint32_t)usec) &&
           put_le32(w->out, len) && put_le32(w->out, len) &&
           fwrite(h, 1, sizeof h, w->out) == sizeof h &&
           (n == 0 || fwrite(data, 1, n, w->out) == n);
}

static bool write_stream(gt_pcap_writer *w, unsigned id, const gt_pcap_chunk *c, size_t n)
{
    tcp_stream s = {.client_port = (uint16_t)(CLIENT_PORT + (id - 1) % 16000)};
    s.next_seq[1] = 0x10000000u + id * 0x1000u; /* initial sequence numbers */
    s.next_seq[0] = 0x20000000u + id * 0x1000u;
    bool started = false, ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        if (c[i].stream != id)
            continue;
        s.sec = c[i].sec;
        s.usec = c[i].usec;
        if (!started) {
            started = true;
            ok = packet(w, &s, true, TCP_SYN, NULL, 0) &&
                 packet(w, &s, false, TCP_SYN | TCP_ACK, NULL, 0) &&
                 packet(w, &s, true, TCP_ACK, NULL, 0);
        }
        for (size_t at = 0; ok && at < c[i].len; at += MSS) {
            size_t k = c[i].len - at < MSS ? c[i].len - at : MSS;
            ok = packet(w, &s, c[i].from_client, TCP_PSH | TCP_ACK, c[i].data + at, k);
        }
    }
    if (started && ok)
        ok = packet(w, &s, true, TCP_FIN | TCP_ACK, NULL, 0) &&
             packet(w, &s, false, TCP_FIN | TCP_ACK, NULL, 0) &&
             packet(w, &s, true, TCP_ACK, NULL, 0);
    return ok;
}

bool gt_pcap_write_streams(gt_pcap_writer *w, const gt_pcap_chunk *c, size_t n)
{
    unsigned streams = 0;
    for (size_t i = 0; i < n; i++)
        if (c[i].stream > streams)
            streams = c[i].stream;
    for (unsigned id = 1; id <= streams; id++)
        if (!write_stream(w, id, c, n))
            return false;
    return true;
}
