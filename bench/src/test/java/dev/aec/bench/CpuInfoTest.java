package dev.aec.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuInfoTest {
    private static final String XEON = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_vnni amx_tile amx_bf16
            
            processor\t: 1
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Processor
            flags\t\t: fpu sse sse2 avx avx2 fma avx512f avx512dq avx512bw avx512vl avx512_vnni amx_tile amx_bf16
            """;

    private static final String EPYC = """
            processor\t: 0
            model name\t: AMD EPYC 7B13
            flags\t\t: fpu sse sse2 avx avx2 fma sha_ni
            processor\t: 1
            model name\t: AMD EPYC 7B13
            flags\t\t: fpu sse sse2 avx avx2 fma sha_ni
            processor\t: 2
            model name\t: AMD EPYC 7B13
            flags\t\t: fpu sse sse2 avx avx2 fma sha_ni
            """;

    @Test
    void aXeonWithAvx512AndAmxIsNamedWithItsVectorExtensionsOnly() {
        CpuInfo cpu = CpuInfo.parse(XEON);
        assertThat(cpu.model()).isEqualTo("Intel(R) Xeon(R) Processor");
        assertThat(cpu.logicalCpus()).isEqualTo(2);
        assertThat(cpu.vectorExtensions()).containsExactly("avx", "avx2", "fma", "avx512f", "avx512dq", "avx512bw",
                "avx512vl", "avx512_vnni", "amx_tile", "amx_bf16");
        assertThat(cpu.avx512()).isTrue();
        assertThat(cpu.amx()).isTrue();
        assertThat(cpu.describe()).isEqualTo(
                "Intel(R) Xeon(R) Processor, 2 cores, AVX-512 (avx avx2 fma, avx512 f dq bw vl vnni, amx tile bf16)");
    }

    @Test
    void anEpycWithoutAvx512IsAnAvx2Processor() {
        CpuInfo cpu = CpuInfo.parse(EPYC);
        assertThat(cpu.model()).isEqualTo("AMD EPYC 7B13");
        assertThat(cpu.logicalCpus()).isEqualTo(3);
        assertThat(cpu.avx512()).isFalse();
        assertThat(cpu.widest()).isEqualTo("AVX2");
        assertThat(cpu.describe()).isEqualTo("AMD EPYC 7B13, 3 cores, AVX2 (avx avx2 fma)");
    }

    @Test
    void textWithoutAProcessorStillDescribesSomething() {
        CpuInfo cpu = CpuInfo.parse("");
        assertThat(cpu.model()).isEqualTo("unknown CPU");
        assertThat(cpu.logicalCpus()).isEqualTo(1);
        assertThat(cpu.widest()).isEqualTo("no AVX2");
    }
}
