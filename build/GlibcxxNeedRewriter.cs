using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Compiled by MSBuild's RoslynCodeTaskFactory against netstandard2.0, hence no spans.
// ELF64 little-endian layout: System V gABI, "Symbol Versioning" (Elf64_Verneed / Elf64_Vernaux).
public class SolarSyncRewriteGlibcxxNeed : Task
{
    private const string Wanted = "GLIBCXX_3.4.32";
    private const string Replacement = "GLIBCXX_3.4.30";
    private const uint ShtGnuVerneed = 0x6ffffffe;

    [Required] public string Library { get; set; } = "";
    [Required] public string SystemLibStdCxx { get; set; } = "";

    public override bool Execute()
    {
        if (ContainsAscii(File.ReadAllBytes(SystemLibStdCxx), Wanted))
        {
            Log.LogMessage(MessageImportance.Low, $"{SystemLibStdCxx} provides {Wanted}; {Library} left as shipped.");
            return true;
        }

        var elf = File.ReadAllBytes(Library);
        var rewritten = Rewrite(elf);
        if (rewritten)
        {
            var temp = Library + ".tmp";
            File.WriteAllBytes(temp, elf);
            File.Delete(Library);
            File.Move(temp, Library);
            Log.LogMessage(MessageImportance.High, $"libLibTorchSharp: version need {Wanted} -> {Replacement} in {Library}");
        }
        return VerifyWithLdd();
    }

    private bool Rewrite(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError($"{Library} is not a little-endian ELF64 file.");
            return false;
        }
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);

        for (int i = 0; i < shnum; i++)
        {
            long sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, (int)sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, (int)sh + 0x28);
            long dynstr = BitConverter.ToInt64(elf, (int)(shoff + (long)link * shentsize) + 0x18);
            return RewriteNeeds(elf, offset, dynstr);
        }
        Log.LogMessage(MessageImportance.Low, $"{Library} has no version needs.");
        return false;
    }

    private bool RewriteNeeds(byte[] elf, long need, long dynstr)
    {
        while (true)
        {
            int count = BitConverter.ToUInt16(elf, (int)need + 2);
            long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            long wanted = -1, replacement = -1;
            for (int j = 0; j < count; j++)
            {
                string name = ReadString(elf, dynstr + BitConverter.ToUInt32(elf, (int)aux + 8));
                if (name == Wanted) wanted = aux;
                if (name == Replacement) replacement = aux;
                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }
            if (wanted >= 0)
            {
                if (replacement < 0)
                {
                    Log.LogError($"{Library} needs {Wanted} but not {Replacement}; no safe rewrite is known.");
                    return false;
                }
                // vna_hash (offset 0) and vna_name (offset 8) take the values of the existing 3.4.30 entry.
                Array.Copy(elf, replacement, elf, wanted, 4);
                Array.Copy(elf, replacement + 8, elf, wanted + 8, 4);
                return true;
            }
            uint next = BitConverter.ToUInt32(elf, (int)need + 12);
            if (next == 0) return false;
            need += next;
        }
    }

    private bool VerifyWithLdd()
    {
        var start = new ProcessStartInfo("ldd", $"\"{Library}\"") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var ldd = Process.Start(start)!;
        string output = ldd.StandardOutput.ReadToEnd() + ldd.StandardError.ReadToEnd();
        ldd.WaitForExit();
        if (output.Contains("version `GLIBCXX"))
        {
            Log.LogError($"ldd still reports a missing libstdc++ version for {Library}:\n{output}");
            return false;
        }
        Log.LogMessage(MessageImportance.Low, $"ldd {Library}: no missing libstdc++ version.");
        return !Log.HasLoggedErrors;
    }

    private static string ReadString(byte[] elf, long start)
    {
        long end = start;
        while (elf[end] != 0) end++;
        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }

    private static bool ContainsAscii(byte[] haystack, string needle)
    {
        var pattern = Encoding.ASCII.GetBytes(needle);
        for (int i = 0; i + pattern.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < pattern.Length && haystack[i + j] == pattern[j]) j++;
            if (j == pattern.Length) return true;
        }
        return false;
    }
}
