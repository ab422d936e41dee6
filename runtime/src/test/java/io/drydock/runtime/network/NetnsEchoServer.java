package io.drydock.runtime.network;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny echo server that integration tests start inside a network namespace with
 * {@code ip netns exec NS java -cp ... NetnsEchoServer TAG tcp:80 udp:81}. Each TCP connection
 * gets one line back per line read, each UDP datagram one datagram, as {@code TAG:<what was sent>},
 * so a test knows which namespace answered. Prints {@code READY} once every port is bound, and
 * exits when its standard input closes (so it never outlives the test that started it).
 */
public final class NetnsEchoServer {
    private NetnsEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        String tag = args[0];
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] spec = args[i].split(":");
            int port = Integer.parseInt(spec[1]);
            if (spec[0].equals("tcp")) {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(port));
                threads.add(Thread.ofPlatform().daemon().start(() -> serveTcp(server, tag)));
            } else {
                DatagramSocket socket = new DatagramSocket(new InetSocketAddress(port));
                threads.add(Thread.ofPlatform().daemon().start(() -> serveUdp(socket, tag)));
            }
        }
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        System.exit(0);
    }

    private static void serveTcp(ServerSocket server, String tag) {
        while (true) {
            try {
                Socket client = server.accept();
                Thread.ofPlatform().daemon().start(() -> {
                    try (client; BufferedReader in = new BufferedReader(
                            new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
                        OutputStream out = client.getOutputStream();
                        String line;
                        while ((line = in.readLine()) != null) {
                            out.write((tag + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    } catch (Exception e) {
                        // the client went away
                    }
                });
            } catch (Exception e) {
                return;
            }
        }
    }

    private static void serveUdp(DatagramSocket socket, String tag) {
        byte[] buffer = new byte[1500];
        while (true) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8).strip();
                byte[] reply = (tag + ":" + text).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (Exception e) {
                return;
            }
        }
    }
}
