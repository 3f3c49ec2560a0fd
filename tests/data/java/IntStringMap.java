import java.io.*;
import java.util.*;
public class IntStringMap {
    public static void main(String[] a) throws Exception {
        HashMap<Integer, String> m = new HashMap<>();
        int[] keys = {1, 256, 258, 274, 1000};
        for (int k : keys) m.put(k, "v" + k);
        m.put(258, "490154203237518");
        try (ObjectOutputStream o = new ObjectOutputStream(new FileOutputStream(a[0]))) { o.writeObject(m); }
    }
}
