import java.io.*;
import java.util.*;
public class MixedMap {
    public static void main(String[] a) throws Exception {
        HashMap<Integer, Object> m = new HashMap<>();
        m.put(258, "490154203237518");
        m.put(256, Integer.valueOf(7));
        m.put(259, Long.valueOf(-5L));
        m.put(260, "caf\u00e9 \uD83D\uDE00 \u0000end");
        m.put(261, new byte[]{1, 2, 3});
        m.put(262, Boolean.TRUE);
        HashMap<String, Object> inner = new HashMap<>();
        inner.put("k", "v");
        m.put(263, inner);
        m.put(264, "490154203237518");
        try (ObjectOutputStream o = new ObjectOutputStream(new FileOutputStream(a[0]))) { o.writeObject(m); }
    }
}
