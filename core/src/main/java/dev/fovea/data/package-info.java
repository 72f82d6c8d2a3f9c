/** Layer 6: datasets (MNIST, Fashion-MNIST, CIFAR-10, image folders), augmentation and the data loader. */
package dev.fovea.data;
