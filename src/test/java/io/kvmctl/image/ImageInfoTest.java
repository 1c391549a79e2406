package io.kvmctl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ImageInfoTest {
    @Test
    void readsQemuImgJsonWithBackingAndSnapshots() {
        String json = """
                {"backing-filename-format": "raw", "virtual-size": 10485760, "filename": "/v/o.qcow2",
                 "format": "qcow2", "actual-size": 200704, "full-backing-filename": "/v/base.raw",
                 "backing-filename": "base.raw", "dirty-flag": false,
                 "snapshots": [{"icount": 0, "vm-state-size": 4096, "date-sec": 1700000000, "date-nsec": 0,
                   "vm-clock-sec": 3, "vm-clock-nsec": 0, "id": "1", "name": "before"}]}
                """;
        ImageInfo info = ImageInfo.fromJson(JsonMapper.builder().build().readTree(json));
        assertEquals("qcow2", info.format());
        assertEquals(10485760L, info.virtualSize());
        assertEquals(Optional.of("/v/base.raw"), info.backingFile(), "the full path wins over the recorded one");
        assertEquals(Optional.of("raw"), info.backingFormat());
        assertEquals(List.of(new ImageInfo.Snapshot("1", "before", 4096, 1700000000)), info.snapshots());
    }

    @Test
    void progressRecordsBecomeWholePercentsOnce() {
        String out = "    (0.00/100%)\r    (0.50/100%)\r    (42.17/100%)\r    (100.00/100%)\r\n";
        List<Integer> seen = new ArrayList<>();
        QemuImg.readProgress(new ByteArrayInputStream(out.getBytes(StandardCharsets.UTF_8)), seen::add);
        assertEquals(List.of(0, 42, 100), seen);
        assertEquals(-1, ProgressRecord.percent("qemu-img: warning"));
    }

    @Test
    void formatNamesAreCheckedWithAHint() {
        assertEquals(ImageFormat.RAW, ImageFormat.parse("RAW"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImageFormat.parse("vmdk"));
        assertEquals("'vmdk' is not an image format kvmctl writes; use qcow2 or raw", e.getMessage());
    }
}
